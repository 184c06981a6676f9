"""The visit calendar feed: RFC 5545 text behind a secret, revocable address, no health data."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from django.urls import reverse

from plans.ical import UID_DOMAIN, Event, calendar, escape_text, fold
from plans.models import CalendarFeed
from tests.plans.helpers import attend, make_plan, today


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("crlf\r\nline", "crlf\\nline"),
    ],
)
def test_text_values_are_escaped(raw, escaped):
    assert escape_text(raw) == escaped


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 60 + "x" * 40

    folded = fold(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_a_calendar_has_crlf_lines_stamps_uids_and_all_day_or_timed_events():
    stamp = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    start = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
    text = calendar(
        [
            Event("a@x", "Visit: Clinic; Harbour, Ltd", date(2026, 3, 2)),
            Event("b@x", "Visit", date(2026, 3, 3), start, start + timedelta(minutes=45)),
        ],
        name="Clinic",
        stamp=stamp,
    )

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith(
        "END:VCALENDAR\r\n"
    )
    assert "\n" not in text.replace("\r\n", "")
    assert "UID:a@x\r\nDTSTAMP:20260301T120000Z\r\nDTSTART;VALUE=DATE:20260302\r\n" in text
    assert "DTSTART:20260303T093000Z\r\nDTEND:20260303T101500Z\r\n" in text
    assert "SUMMARY:Visit: Clinic\\; Harbour\\, Ltd\r\n" in text
    assert text.count("BEGIN:VEVENT") == 2


def issue(client) -> str:
    """Make a new address; the token is on the answer to that POST only."""
    response = client.post(reverse("plans:calendar-issue"))
    assert response.status_code == 200
    token = response.context["feed_token"]
    assert f"/calendar/{token}.ics" in response.content.decode()
    return token


@pytest.fixture
def plan(patient, therapist):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=7), visit_time=time(10))
    first = plan.visits.order_by("number").first()
    attend(first, therapist)
    first.note = "private treatment note"
    first.save()
    return plan


def test_the_patient_creates_an_address_and_the_feed_lists_booked_visits_only(
    as_patient, anon, patient, plan, clinic
):
    token = issue(as_patient)

    response = anon.get(reverse("plans:calendar-feed", args=[token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    booked = plan.visits.filter(status="scheduled")
    assert text.count("BEGIN:VEVENT") == booked.count() == 7
    assert f"SUMMARY:Visit: {clinic.name}" in text
    parsed = icalendar.Calendar.from_ical(text)
    events = list(parsed.walk("VEVENT"))
    assert {str(e["UID"]) for e in events} == {f"{v.public_id}@{UID_DOMAIN}" for v in booked}
    assert all(e.decoded("DTSTART") for e in events) and parsed["VERSION"] == "2.0"
    elsewhere = anon.get(reverse("plans:calendar-feed", args=[token]), HTTP_HOST="localhost")
    assert [
        str(e["UID"]) for e in icalendar.Calendar.from_ical(elsewhere.content).walk("VEVENT")
    ] == [str(e["UID"]) for e in events]
    for private in ("private treatment note", patient.user.email, patient.user.full_name,
                    "neck_back", "myofascial", "attended"):  # fmt: skip
        assert private not in text


def test_a_new_address_stops_the_old_one_and_switching_off_stops_both(as_patient, anon, patient):
    old = issue(as_patient)
    new = issue(as_patient)

    assert anon.get(reverse("plans:calendar-feed", args=[old])).status_code == 404
    assert anon.get(reverse("plans:calendar-feed", args=[new])).status_code == 200
    as_patient.post(reverse("plans:calendar-revoke"))
    assert anon.get(reverse("plans:calendar-feed", args=[new])).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_the_address_is_shown_once_to_its_patient_and_never_again(
    as_patient, as_other_patient, patient
):
    token = issue(as_patient)

    assert CalendarFeed.objects.get(patient=patient).token_hash != token  # only a hash is kept
    assert token not in as_patient.get(reverse("plans:calendar")).content.decode()
    assert token not in as_other_patient.get(reverse("plans:calendar")).content.decode()


def test_a_guessed_token_is_not_found(anon, db):
    assert anon.get(reverse("plans:calendar-feed", args=["x" * 43])).status_code == 404

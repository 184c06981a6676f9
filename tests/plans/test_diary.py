"""The headache diary: one entry a day, idempotent saves, the 7-day edit window and history."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.models import DiaryEntry, DiaryEntryRevision
from plans.services import DiaryLocked, diary_entry_save
from tests.plans.helpers import diary_post, make_entry, today


def entry_url(day) -> str:
    return reverse("plans:diary-entry", args=[day.isoformat()])


def test_a_full_entry_is_saved_once_with_its_details(as_patient, patient):
    response = as_patient.post(entry_url(today()), diary_post(triggers=["stress"]))

    assert response.status_code == 302 and response["Location"] == reverse("plans:diary")
    entry = DiaryEntry.objects.get(patient=patient)
    assert entry.headache and entry.peak == 6 and float(entry.hours) == 5.0
    assert entry.locations == ["one_side", "temples"] and entry.character == "pulsating"
    assert entry.nausea and not entry.light and entry.simple_doses == 1
    assert entry.triggers == ["stress"] and entry.date == today()


def test_posting_the_same_form_twice_stores_one_row_and_no_revision(as_patient, patient):
    data = diary_post()
    as_patient.post(entry_url(today()), data)
    as_patient.post(entry_url(today()), data)

    assert DiaryEntry.objects.filter(patient=patient).count() == 1
    assert not DiaryEntryRevision.objects.exists()


def test_a_second_save_for_the_same_day_updates_and_keeps_the_old_values(as_patient, patient):
    as_patient.post(entry_url(today()), diary_post(peak="6"))
    as_patient.post(entry_url(today()), diary_post(peak="3", note="Better by lunch"))

    entry = DiaryEntry.objects.get(patient=patient)
    assert entry.peak == 3 and entry.note == "Better by lunch"
    revision = DiaryEntryRevision.objects.get(entry=entry)
    assert revision.previous["peak"] == 6
    assert revision.previous["note"] == "After a long day at the screen"
    assert revision.changed_by == patient.user


def test_a_stale_form_resubmitted_after_a_later_edit_changes_nothing(as_patient, patient):
    first = diary_post(peak="6")
    as_patient.post(entry_url(today()), first)
    as_patient.post(entry_url(today()), diary_post(peak="2"))
    as_patient.post(entry_url(today()), first)  # the browser retries the first request

    assert DiaryEntry.objects.get(patient=patient).peak == 2
    assert DiaryEntryRevision.objects.count() == 1


def test_one_tap_no_headache_creates_todays_entry_once(as_patient, patient):
    url = reverse("plans:diary-quick")
    data = {"day": today().isoformat()}
    first = as_patient.post(url, data)
    second = as_patient.post(url, data)

    assert first.status_code == second.status_code == 302
    entry = DiaryEntry.objects.get(patient=patient)
    assert entry.headache is False and entry.peak is None


def test_one_tap_never_overwrites_a_recorded_headache(as_patient, patient):
    make_entry(patient, today(), headache=True, peak=7)

    as_patient.post(reverse("plans:diary-quick"), {"day": today().isoformat()})

    entry = DiaryEntry.objects.get(patient=patient)
    assert entry.headache and entry.peak == 7


def test_one_tap_returns_to_a_local_page_but_never_to_another_site(as_patient):
    url = reverse("plans:diary-quick")
    day = today().isoformat()
    local = as_patient.post(url, {"day": day, "next": "/today/"})
    foreign = as_patient.post(url, {"day": day, "next": "https://evil.example/"})

    assert local["Location"] == "/today/"
    assert foreign["Location"] == reverse("plans:diary")


@pytest.mark.parametrize("back", [0, 3, 6])
def test_the_last_seven_days_can_be_filled_in(as_patient, patient, back):
    day = today() - timedelta(days=back)

    response = as_patient.post(entry_url(day), diary_post())

    assert response.status_code == 302
    assert DiaryEntry.objects.filter(patient=patient, date=day).exists()


def test_older_entries_are_read_only_and_a_post_changes_nothing(as_patient, patient):
    day = today() - timedelta(days=7)
    make_entry(patient, day, headache=True, peak=5, note="kept as it was")

    page = as_patient.get(entry_url(day))
    response = as_patient.post(entry_url(day), diary_post(peak="1"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "can no longer be changed" in text and "<form" not in text.split("<main")[1]
    assert response.status_code == 400
    entry = DiaryEntry.objects.get(patient=patient)
    assert entry.peak == 5 and not DiaryEntryRevision.objects.exists()


def test_an_older_day_without_entry_cannot_be_back_filled(as_patient, patient):
    day = today() - timedelta(days=8)

    response = as_patient.post(entry_url(day), diary_post())
    quick = as_patient.post(reverse("plans:diary-quick"), {"day": day.isoformat()})

    assert response.status_code == 400 and quick.status_code == 302
    assert not DiaryEntry.objects.exists()


def test_the_service_refuses_locked_and_future_days(patient):
    for day in (today() - timedelta(days=7), today() + timedelta(days=1)):
        with pytest.raises(DiaryLocked):
            diary_entry_save(
                patient=patient,
                day=day,
                values={"headache": False},
                by=patient.user,
                today=today(),
                token=None,
            )


def test_a_future_day_is_not_found(as_patient):
    assert as_patient.get(entry_url(today() + timedelta(days=1))).status_code == 404
    assert as_patient.get("/diary/not-a-date/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"peak": None}, "peak"),
        ({"peak": "11"}, "peak"),
        ({"hours": "73"}, "hours"),
        ({"hours": "-1"}, "hours"),
        ({"simple_doses": "-2"}, "simple_doses"),
        ({"locations": ["one_side", "both_sides"]}, "locations"),
        ({"headache": "maybe"}, "headache"),
        ({"token": "forged"}, "token"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_bad_input_is_a_field_error_and_stores_nothing(as_patient, changes, field):
    response = as_patient.post(entry_url(today()), diary_post(**changes))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not DiaryEntry.objects.exists()


def test_headache_details_are_dropped_on_a_day_without_headache(as_patient, patient):
    as_patient.post(entry_url(today()), diary_post(headache="no", simple_doses="1"))

    entry = DiaryEntry.objects.get(patient=patient)
    assert not entry.headache and entry.peak is None and entry.hours is None
    assert entry.locations == [] and not entry.nausea
    assert entry.simple_doses == 1  # medicines count towards overuse whatever the reason


def test_a_posted_patient_field_is_ignored(as_patient, patient, other_patient):
    data = diary_post(patient=str(other_patient.pk), patient_id=str(other_patient.pk))

    as_patient.post(entry_url(today()), data)

    assert DiaryEntry.objects.get().patient == patient
    assert not DiaryEntry.objects.filter(patient=other_patient).exists()


def test_the_database_holds_the_diary_invariants(patient):
    make_entry(patient, today())
    bad = [
        {"date": today()},
        {"date": today() - timedelta(days=1), "headache": True, "peak": 11},
        {"date": today() - timedelta(days=2), "headache": True, "hours": 73},
        {"date": today() - timedelta(days=3), "headache": False, "peak": 4},
        {"date": today() - timedelta(days=4), "simple_doses": 21},
    ]
    for values in bad:
        values.setdefault("headache", False)
        with pytest.raises(IntegrityError), transaction.atomic():
            DiaryEntry.objects.create(patient=patient, **values)


def test_the_diary_page_shows_the_week_with_unrecorded_days_and_older_entries_read_only(
    as_patient, patient
):
    make_entry(patient, today() - timedelta(days=1), headache=True, peak=4)
    make_entry(patient, today() - timedelta(days=20))

    page = as_patient.get(reverse("plans:diary")).content.decode()

    assert "No headache today" in page  # the one-tap button
    assert page.count("Not recorded") == 6
    assert "Headache 4/10" in page
    assert "can no longer be changed" in page
    old = (today() - timedelta(days=20)).isoformat()
    assert f'href="{entry_url(today() - timedelta(days=20))}">View' in page.replace("\n", "")
    assert old in page


def test_the_quick_include_shows_todays_entry_once_recorded(as_patient, patient):
    make_entry(patient, today())

    page = as_patient.get(reverse("plans:diary")).content.decode()

    assert "is in your diary for today" in page
    assert "No headache today</button>" not in page

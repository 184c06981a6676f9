"""The therapist dashboard: who needs attention first, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import DiaryEntry
from tests.factories import make_patient
from tests.plans.helpers import attend, make_plan, today
from triage.models import QuickCheck, Screening
from triage.questions import ALL_CLEAR
from triage.services import screening_submit


def busy_patient(clinic, therapist, n: int):
    """A patient with a plan, attended and missed visits, a diary, and (for some) red flags."""
    patient = make_patient(clinic, therapists=[therapist], full_name=f"Patient {n:03d}")
    plan = make_plan(patient, therapist, start=today() - timedelta(days=20))
    visits = list(plan.visits.order_by("number"))
    attend(visits[0], therapist)
    visits[1].status = "missed"
    visits[1].save()
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            date=today() - timedelta(days=d),
            headache=d % 3 == 0,
            peak=5 if d % 3 == 0 else None,
            simple_doses=1,
        )
        for d in range(1, 40)
    )
    if n % 3 == 0:
        QuickCheck.objects.create(
            patient=patient, day=today(), answers={"injury": True}, anything_new=True
        )
    if n % 2:
        Screening.objects.create(
            patient=patient,
            kind="session_stop" if n % 4 == 1 else "full",
            answers={},
            disposition="see_doctor_today",
            ruleset_version="2026.1",
            self_care_allowed=False,
        )
    return patient


def count_queries(client, url) -> int:
    client.get(url)  # warm the session (the first request may write it)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_is_the_same_with_1_and_50_patients(
    as_therapist, clinic, therapist, django_assert_max_num_queries
):
    url = reverse("plans:dashboard")
    busy_patient(clinic, therapist, 0)
    with_one = count_queries(as_therapist, url)

    for n in range(1, 50):
        busy_patient(clinic, therapist, n)
    with_fifty = count_queries(as_therapist, url)
    with django_assert_max_num_queries(with_one):
        page = as_therapist.get(url + "?page=2")

    assert with_fifty == with_one
    assert len(page.context["page"].object_list) == 25


def test_a_stop_button_event_comes_before_a_red_flag_before_overuse_before_a_quiet_patient(
    as_therapist, clinic, therapist
):
    quiet = make_patient(clinic, therapists=[therapist], full_name="Aaron Quiet")
    overuse = make_patient(clinic, therapists=[therapist], full_name="Bea Overuse")
    flagged = make_patient(clinic, therapists=[therapist], full_name="Cal Flag")
    stopped = make_patient(clinic, therapists=[therapist], full_name="Dee Stop")
    DiaryEntry.objects.bulk_create(
        DiaryEntry(patient=overuse, date=today() - timedelta(days=d), headache=False,
                   simple_doses=1)
        for d in range(16)
    )  # fmt: skip
    DiaryEntry.objects.create(patient=quiet, date=today(), headache=False)
    for patient, kind in ((flagged, "full"), (stopped, "session_stop")):
        Screening.objects.create(
            patient=patient,
            kind=kind,
            answers={},
            disposition="see_doctor_today",
            ruleset_version="2026.1",
            self_care_allowed=False,
        )

    rows = as_therapist.get(reverse("plans:dashboard")).context["page"].object_list

    assert [r.patient for r in rows] == [stopped, flagged, overuse, quiet]
    assert [c.code for c in rows[2].concerns] == ["overuse"]
    assert rows[3].concerns == ()


def test_missed_visits_and_a_silent_diary_are_flagged(as_therapist, patient, therapist):
    plan = make_plan(patient, therapist, start=today() - timedelta(days=20))
    visit = plan.visits.order_by("number").first()
    visit.status = "missed"
    visit.save()
    DiaryEntry.objects.create(patient=patient, date=today() - timedelta(days=9), headache=False)

    row = as_therapist.get(reverse("plans:dashboard")).context["page"].object_list[0]

    codes = {c.code for c in row.concerns}
    assert {"missed_visit", "no_diary", "unrecorded_visit"} <= codes


def test_the_dashboard_shows_session_progress_and_change_since_baseline(
    as_therapist, patient, therapist
):
    start = today() - timedelta(days=30)
    plan = make_plan(patient, therapist, start=start)
    first = plan.visits.order_by("number").first()
    attend(first, therapist)
    baseline = [first.date - timedelta(days=d) for d in range(1, 29)]
    after = [first.date + timedelta(days=d) for d in range((today() - first.date).days + 1)]
    DiaryEntry.objects.bulk_create(
        [DiaryEntry(patient=patient, date=d, headache=i % 2 == 0, peak=5 if i % 2 == 0 else None)
         for i, d in enumerate(baseline)]
        + [DiaryEntry(patient=patient, date=d, headache=False) for d in after]
    )  # fmt: skip

    response = as_therapist.get(reverse("plans:dashboard"))
    row = response.context["page"].object_list[0]

    assert row.progress.attended == 1 and row.progress.plan.sessions == 8
    assert row.change.headache_days == pytest.approx(-14.0)
    assert row.change.responder is True
    assert "1 of 8" in response.content.decode()


def test_search_and_pagination_keep_to_the_therapists_own_patients(
    as_therapist, clinic, therapist, other_patient
):
    for n in range(30):
        make_patient(clinic, therapists=[therapist], full_name=f"Person {n:02d}")

    first = as_therapist.get(reverse("plans:dashboard")).context["page"]
    found = as_therapist.get(reverse("plans:dashboard") + "?q=person 07").context["page"]

    assert first.paginator.count == 30 and len(first.object_list) == 25
    assert [r.patient.name for r in found.object_list] == ["Person 07"]
    assert other_patient not in [r.patient for r in first.object_list]


def test_the_last_diary_date_is_shown(as_therapist, patient):
    DiaryEntry.objects.create(patient=patient, date=timezone.localdate(), headache=False)

    row = as_therapist.get(reverse("plans:dashboard")).context["page"].object_list[0]

    assert row.last_diary == timezone.localdate()


@pytest.mark.parametrize("seed", range(8))
def test_database_counts_give_the_same_concerns_as_the_diary_rules(seed, clinic, therapist):
    """The dashboard counts days and ranks in the database; the outcome rules count DiaryDay
    rows. Both must flag overuse and worsening alike on any diary, and so must the weights the
    database ranks by."""
    import random

    from plans.attention import is_worsening, recent_overuse
    from plans.dashboard import _facts, ranked
    from plans.outcomes import index_diary
    from plans.reports import DIARY_COLUMNS, diary_day

    rng = random.Random(seed)
    patient = make_patient(clinic, therapists=[therapist])
    for back in range(0, 40):
        if rng.random() < 0.15:
            continue
        headache = rng.random() < (0.7 if back < 14 else 0.3) * rng.random() * 2
        DiaryEntry.objects.create(
            patient=patient, date=today() - timedelta(days=back), headache=headache,
            peak=rng.randint(1, 9) if headache else None,
            simple_doses=rng.choice((0, 0, 1, 2)), triptan_ergot_doses=rng.choice((0, 0, 0, 1)),
            opioid_doses=rng.choice((0, 0, 0, 0, 1)),
        )  # fmt: skip
    rows = DiaryEntry.objects.filter(patient=patient).values("patient_id", *DIARY_COLUMNS)
    diary = index_diary([diary_day(row) for row in rows])
    caseload = ranked(therapist, query="", today=today())
    person = next(p for p in caseload[0:25] if p.pk == patient.pk)  # with its diary counts
    facts = _facts(person)
    assert facts.worsening == is_worsening(diary, today())
    assert [w.kind for w in facts.overuse] == [w.kind for w in recent_overuse(diary, today())]
    weights = caseload.weights()[patient.pk]
    assert (weights["worsening"] > 0, weights["overuse"] > 0) == (
        facts.worsening,
        bool(facts.overuse),
    )


def test_something_new_in_the_quick_check_puts_the_patient_on_the_list_in_plain_words(
    as_therapist, patient
):
    screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    answers = {"new_headache": False, "new_symptoms": True, "injury": False,
               "pregnancy": False, "new_medicines": True}  # fmt: skip
    QuickCheck.objects.create(
        patient=patient, day=today() - timedelta(days=1), answers=answers, anything_new=True
    )
    QuickCheck.objects.create(
        patient=patient, day=today(), answers=dict.fromkeys(answers, False), anything_new=False
    )
    url = reverse("plans:dashboard")
    row = as_therapist.get(url).context["page"].object_list[0]
    assert [c.code for c in row.concerns] == ["something_new"]
    page = as_therapist.get(url).content.decode()
    assert "New since last check: new symptoms, new medicines" in page
    assert "anything_new" not in page and "new_medicines" not in page

    screening_submit(patient=patient, answers=dict(ALL_CLEAR))
    row = as_therapist.get(url).context["page"].object_list[0]
    assert row.concerns == ()

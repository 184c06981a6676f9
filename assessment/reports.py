"""Reads for assessment pages, panels and PDFs; each runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from clinic.models import Patient
from plans.models import QuestionnaireResponse, Visit

from . import billing, bodychart
from .change import Row, SpotChange, compare, spot_change
from .models import Assessment, NoteService, Spot, VisitNote

MEASURES = (
    "flexion", "extension", "side_bend_left", "side_bend_right", "rotation_left",
    "rotation_right", "jaw_opening_mm", "cva_degrees",
)  # fmt: skip


@dataclass(frozen=True)
class Findings:
    initial: Assessment | None = None
    latest: Assessment | None = None
    rows: list[Row] = field(default_factory=list)
    spots: SpotChange | None = None
    all: tuple[Assessment, ...] = ()

    @property
    def any(self) -> bool:
        return self.initial is not None

    @property
    def newest(self) -> Assessment | None:
        return self.latest or self.initial


def _values(assessment: Assessment | None, ndi: int | None) -> dict:
    if assessment is None:
        return {"ndi_percent": ndi}
    values = {name: getattr(assessment, name) for name in MEASURES}
    values["rom_reproduces"] = tuple(assessment.rom_reproduces)
    values["ndi_percent"] = ndi
    return values


def spot_map(assessment: Assessment | None) -> dict[str, tuple[int, bool]]:
    if assessment is None:
        return {}
    return {s.site: (s.tenderness, s.reproduces_headache) for s in assessment.spots.all()}


def findings_for(patient: Patient) -> Findings:
    assessments = list(
        Assessment.objects.filter(patient=patient)
        .select_related("therapist", "visit")
        .prefetch_related("spots")
        .order_by("assessed_on", "id")
    )
    if not assessments:
        return Findings()
    initial = assessments[0]
    latest = assessments[-1] if len(assessments) > 1 else None
    ndi = list(
        QuestionnaireResponse.objects.filter(patient=patient, instrument="ndi")
        .order_by("created_at", "id")
        .values_list("total", flat=True)
    )
    ndi_first = ndi[0] if ndi else None
    ndi_last = ndi[-1] if len(ndi) > 1 else None
    rows = compare(_values(initial, ndi_first), _values(latest, ndi_last) if latest else {
        "ndi_percent": ndi_last
    })  # fmt: skip
    spots = spot_change(spot_map(initial), spot_map(latest))
    return Findings(initial, latest, rows, spots, tuple(assessments))


def suggestions_for(patient: Patient, *, excluded_regions, routines) -> list[bodychart.Suggestion]:
    """Routines that address the newest assessment's spots. `routines` are the library routines
    the therapist may offer (published, per-routine rules already applied)."""
    latest = (
        Assessment.objects.filter(patient=patient)
        .prefetch_related("spots")
        .order_by("-assessed_on", "-id")
        .first()
    )
    if latest is None:
        return []
    spots = [
        bodychart.Spot(s.site, s.tenderness, s.reproduces_headache, s.kind)
        for s in latest.spots.all()
    ]
    return bodychart.suggestions(
        spots,
        excluded_regions=excluded_regions,
        routines={r.slug: r.regions for r in routines},
    )


def note_for(visit: Visit, *, addenda: bool = True) -> VisitNote | None:
    related = [Prefetch("services", queryset=NoteService.objects.select_related("code"))]
    if addenda:
        related.append("addenda__author")
    return (
        VisitNote.objects.filter(visit=visit)
        .select_related("author", "signed_by")
        .prefetch_related(*related)
        .first()
    )


def bill_for(note: VisitNote | None) -> billing.Bill:
    if note is None:
        return billing.bill([])
    return billing.bill(
        billing.Service(s.code.code, s.minutes, s.code.timed) for s in note.services.all()
    )


def spots_of(assessment: Assessment | None) -> list[Spot]:
    return list(assessment.spots.all()) if assessment else []

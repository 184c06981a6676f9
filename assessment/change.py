"""Initial against latest for every measure, with the thresholds that give the numbers meaning
(pure). Nothing is called better or worse unless a published threshold says so; where a value
is missing there is no change, only the value that exists."""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .measures import (
    CVA_FORWARD_HEAD_BELOW,
    JAW_LIMITED_BELOW_MM,
    NDI_MCID_POINTS,
    ROM_FLAG_SHARE,
    ROM_TYPICAL,
    forward_head,
    jaw_limited,
    rom_check,
)


@dataclass(frozen=True)
class Row:
    label: str
    unit: str
    before: int | None
    after: int | None
    flagged_before: bool
    flagged_after: bool
    threshold: str
    verdict: str  # plain words: "Meaningful improvement", "No longer flagged", ...
    delta_unit: str = ""

    @property
    def change_unit(self) -> str:
        return self.delta_unit or self.unit

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _flag_verdict(before, after, flagged_before: bool, flagged_after: bool) -> str:
    if before is None or after is None:
        return "Not measured both times"
    if flagged_before and not flagged_after:
        return "No longer flagged"
    if flagged_after and not flagged_before:
        return "Newly flagged"
    return "Still flagged" if flagged_after else "Within the guide both times"


def compare(before: Mapping, after: Mapping) -> list[Row]:
    """`before` and `after` map measure names (as on the Assessment model, plus "ndi_percent"
    and "rom_reproduces") to values; either may be empty."""
    rows = []
    for direction, (label, typical) in ROM_TYPICAL.items():
        b, a = before.get(direction), after.get(direction)
        fb = rom_check(direction, b, reproduces=direction in before.get("rom_reproduces", ()))
        fa = rom_check(direction, a, reproduces=direction in after.get("rom_reproduces", ()))
        limit = typical * ROM_FLAG_SHARE
        rows.append(
            Row(
                label, "°", b, a, fb.flagged and b is not None, fa.flagged and a is not None,
                f"typical {typical}°, flagged below {float(limit):g}° or if it reproduces "
                "the headache",
                _flag_verdict(b, a, fb.flagged, fa.flagged),
            )
        )  # fmt: skip
    b, a = before.get("jaw_opening_mm"), after.get("jaw_opening_mm")
    rows.append(
        Row(
            "Mouth opening", " mm", b, a, jaw_limited(b), jaw_limited(a),
            f"typical 40-55 mm, limited below {JAW_LIMITED_BELOW_MM} mm",
            _flag_verdict(b, a, jaw_limited(b), jaw_limited(a)),
        )
    )  # fmt: skip
    b, a = before.get("cva_degrees"), after.get("cva_degrees")
    rows.append(
        Row(
            "Craniovertebral angle", "°", b, a, forward_head(b), forward_head(a),
            f"below about {CVA_FORWARD_HEAD_BELOW}° suggests forward head posture",
            _flag_verdict(b, a, forward_head(b), forward_head(a)),
        )
    )  # fmt: skip
    rows.append(ndi_row(before.get("ndi_percent"), after.get("ndi_percent")))
    return rows


def ndi_row(before: int | None, after: int | None) -> Row:
    threshold_pct = NDI_MCID_POINTS * 2
    if before is None or after is None:
        verdict = "Not measured both times"
    elif before - after >= threshold_pct:
        verdict = "Meaningful improvement"
    elif after - before >= threshold_pct:
        verdict = "Meaningfully worse"
    else:
        verdict = "Change below the meaningful-change threshold"
    return Row(
        "Neck Disability Index", "%", before, after, False, False,
        f"meaningful change {float(threshold_pct):g} percentage points "
        f"({float(NDI_MCID_POINTS):g} points)",
        verdict, " percentage points",
    )  # fmt: skip


@dataclass(frozen=True)
class SpotChange:
    marked_before: int
    marked_after: int
    reproducing_before: int
    reproducing_after: int
    mean_tenderness_before: Fraction | None
    mean_tenderness_after: Fraction | None


def spot_change(before: Mapping[str, tuple[int, bool]], after: Mapping[str, tuple[int, bool]]):
    """Spots as site -> (tenderness, reproduces headache)."""

    def mean(spots):
        return Fraction(sum(t for t, _ in spots.values()), len(spots)) if spots else None

    return SpotChange(
        len(before), len(after),
        sum(r for _, r in before.values()), sum(r for _, r in after.values()),
        mean(before), mean(after),
    )  # fmt: skip

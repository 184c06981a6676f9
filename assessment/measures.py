"""Scoring and flags for the therapist's measures (pure): Neck Disability Index, cervical range
of motion, jaw opening and craniovertebral angle. Every threshold names its source
(CLINICAL.md section 5); the app shows them as a guide, it does not diagnose."""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

# --- Neck Disability Index (Vernon & Mior 1991) -------------------------------------------------

NDI_SOURCE = "Neck Disability Index, Vernon & Mior 1991; MCID 7.5 points (conservative end)"
NDI_ITEMS: tuple[tuple[str, str], ...] = (
    ("ndi_1", "Pain intensity"),
    ("ndi_2", "Personal care"),
    ("ndi_3", "Lifting"),
    ("ndi_4", "Reading"),
    ("ndi_5", "Headaches"),
    ("ndi_6", "Concentration"),
    ("ndi_7", "Work"),
    ("ndi_8", "Driving"),
    ("ndi_9", "Sleeping"),
    ("ndi_10", "Recreation"),
)
NDI_MAX_PER_ITEM = 5
NDI_MAX_MISSING = 2
NDI_MCID_POINTS = Fraction(15, 2)
# (lowest points, code, label); a prorated total between bands falls in the lower one.
NDI_BANDS: tuple[tuple[int, str, str], ...] = (
    (0, "none", "No disability"),
    (5, "mild", "Mild"),
    (15, "moderate", "Moderate"),
    (25, "severe", "Severe"),
    (35, "complete", "Complete"),
)


@dataclass(frozen=True)
class NdiScore:
    points: Fraction  # 0-50, prorated when one or two items are unanswered
    answered: int
    band: str
    band_label: str

    @property
    def percent(self) -> Fraction:
        return self.points * 2

    @property
    def points_display(self) -> str:
        return _one_decimal(self.points)

    @property
    def percent_display(self) -> str:
        return _one_decimal(self.percent)


def _one_decimal(value: Fraction) -> str:
    tenths = (value * 10 + Fraction(1, 2)).__floor__()
    whole, part = divmod(tenths, 10)
    return f"{whole}" if part == 0 else f"{whole}.{part}"


def ndi_band(points: Fraction | int) -> tuple[str, str]:
    if not 0 <= points <= 50:
        raise ValueError(f"An NDI total lies between 0 and 50, got {points}.")
    chosen = NDI_BANDS[0]
    for band in NDI_BANDS:
        if points >= band[0]:
            chosen = band
    return chosen[1], chosen[2]


def ndi_score(answers: Mapping[str, int | None]) -> NdiScore | None:
    """Items scored 0-5. With one or two unanswered, the answered items are scored as a share of
    their maximum and scaled to 50; with more missing there is no score (None)."""
    known = {code for code, _ in NDI_ITEMS}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"Unknown NDI item(s): {', '.join(unknown)}.")
    given = {code: answers.get(code) for code, _ in NDI_ITEMS}
    values = [v for v in given.values() if v is not None]
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            raise ValueError(f"Each NDI item is scored 0 to 5, got {value!r}.")
    if len(NDI_ITEMS) - len(values) > NDI_MAX_MISSING:
        return None
    points = Fraction(sum(values) * 50, len(values) * NDI_MAX_PER_ITEM)
    band, label = ndi_band(points)
    return NdiScore(points, len(values), band, label)


@dataclass(frozen=True)
class Change:
    before: Fraction
    after: Fraction
    threshold: Fraction
    meaningful: bool

    @property
    def delta(self) -> Fraction:
        return self.after - self.before


def ndi_change(before: Fraction | int, after: Fraction | int) -> Change:
    """Improvement of at least 7.5 points (15 percentage points) counts as meaningful."""
    before, after = Fraction(before), Fraction(after)
    return Change(before, after, NDI_MCID_POINTS, before - after >= NDI_MCID_POINTS)


# --- Cervical range of motion ---------------------------------------------------------------------

ROM_SOURCE = "Typical adult values, AMA Guides; flagged below 75% or when it reproduces headache"
ROM_FLAG_SHARE = Fraction(3, 4)
# direction code -> (label, typical degrees)
ROM_TYPICAL: dict[str, tuple[str, int]] = {
    "flexion": ("Flexion", 50),
    "extension": ("Extension", 60),
    "side_bend_left": ("Side bending left", 45),
    "side_bend_right": ("Side bending right", 45),
    "rotation_left": ("Rotation left", 80),
    "rotation_right": ("Rotation right", 80),
}
ROM_MAX_DEGREES = 180


@dataclass(frozen=True)
class RomResult:
    direction: str
    label: str
    degrees: int | None
    typical: int
    limited: bool
    reproduces: bool

    @property
    def flagged(self) -> bool:
        return self.limited or self.reproduces

    @property
    def limit(self) -> Fraction:
        return self.typical * ROM_FLAG_SHARE


def rom_check(direction: str, degrees: int | None, *, reproduces: bool = False) -> RomResult:
    if direction not in ROM_TYPICAL:
        raise ValueError(f"Unknown direction {direction!r}.")
    if degrees is not None and not 0 <= degrees <= ROM_MAX_DEGREES:
        raise ValueError(f"Range of motion lies between 0 and {ROM_MAX_DEGREES} degrees.")
    label, typical = ROM_TYPICAL[direction]
    limited = degrees is not None and degrees < typical * ROM_FLAG_SHARE
    return RomResult(direction, label, degrees, typical, limited, reproduces)


# --- Jaw and posture ------------------------------------------------------------------------------

JAW_SOURCE = "Maximal mouth opening: typical 40-55 mm; under 40 mm limited (DC/TMD cut-off)"
JAW_LIMITED_BELOW_MM = 40
POSTURE_SOURCE = "Craniovertebral angle below about 50 degrees suggests forward head (48-53)"
CVA_FORWARD_HEAD_BELOW = 50


def jaw_limited(opening_mm: int | None) -> bool:
    if opening_mm is not None and not 0 <= opening_mm <= 100:
        raise ValueError("Mouth opening lies between 0 and 100 mm.")
    return opening_mm is not None and opening_mm < JAW_LIMITED_BELOW_MM


def forward_head(cva_degrees: int | None) -> bool:
    if cva_degrees is not None and not 0 <= cva_degrees <= 90:
        raise ValueError("The craniovertebral angle lies between 0 and 90 degrees.")
    return cva_degrees is not None and cva_degrees < CVA_FORWARD_HEAD_BELOW

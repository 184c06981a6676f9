"""Questionnaires: scoring, bands and meaningful change, behind a small registry.

An instrument is data: items, answer options with points, bands over the total, and the change
that counts as meaningful. HIT-6 ships registered; another instrument (for example a Neck
Disability Index-style score, 0-5 per item and reported as a percentage with one item allowed
missing) is added by building an `Instrument` and calling `register_instrument`.

HIT-6 is copyrighted (QualityMetric/GSK). The item wording is not stored here: a clinic that
licenses it supplies the wording, and items carry only their code and topic.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Self


class LabelledChoice(StrEnum):
    """A string enum whose members carry a display label, like Django's TextChoices."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> tuple[tuple[str, str], ...]:
        return tuple((member.value, member.label) for member in cls)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def parse(cls, value: object, name: str) -> Self:
        """The member for `value`, or a ValueError naming the field and the allowed values."""
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(cls.values())
            raise ValueError(f"{name} must be one of {allowed}, got {value!r}.") from None


class HeadacheType(LabelledChoice):
    TENSION_TYPE = "tension_type", "Tension-type"
    MIGRAINE = "migraine", "Migraine"


class Timepoint(LabelledChoice):
    BASELINE = "baseline", "Baseline"
    MID_COURSE = "mid_course", "Mid-course"
    DISCHARGE = "discharge", "Discharge"


HEADACHE_TYPE_CHOICES = HeadacheType.choices()
HEADACHE_TYPES = HeadacheType.values()
TIMEPOINT_CHOICES = Timepoint.choices()
TIMEPOINTS = Timepoint.values()


def mid_course_session(total_sessions: int) -> int:
    """The session after which the mid-course questionnaire is due: 4 of 8, 3 of 6, 4 of 7."""
    if not isinstance(total_sessions, int) or isinstance(total_sessions, bool):
        raise ValueError(f"total_sessions must be a whole number, got {total_sessions!r}.")
    if total_sessions < 1:
        raise ValueError(f"total_sessions must be at least 1, got {total_sessions}.")
    return (total_sessions + 1) // 2


@dataclass(frozen=True)
class AnswerOption:
    code: str
    label: str
    points: int


@dataclass(frozen=True)
class Item:
    code: str
    topic: str
    # Items with their own answer statements (as in a Neck Disability Index) set these.
    options: tuple[AnswerOption, ...] = ()


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    low: int
    high: int

    def contains(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class Score:
    instrument: str
    total: int
    band: Band
    answered: int


@dataclass(frozen=True)
class ScoreChange:
    instrument: str
    baseline: int
    followup: int
    change: int
    threshold: int
    headache_type: str
    meaningful: bool


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    items: tuple[Item, ...]
    options: tuple[AnswerOption, ...]
    bands: tuple[Band, ...]
    # Meaningful change by headache type, as (headache type, points); negative means improvement
    # when lower totals are better.
    meaningful_change: tuple[tuple[str, int], ...]
    source: str
    licence_required: bool = False
    max_missing: int = 0
    # When set, the total is rescaled to 0..scale_to over the answered items (a percentage).
    scale_to: int | None = None
    lower_is_better: bool = True
    # What the patient reads above the questions.
    intro: str = (
        "Think about the last 4 weeks. For each topic, choose how often it applied to you. "
        "Your clinic gives you the full wording of each question."
    )

    def __post_init__(self) -> None:
        codes = [item.code for item in self.items]
        if not codes or len(set(codes)) != len(codes):
            raise ValueError(f"{self.code}: items must be present and have unique codes.")
        for item in self.items:
            if not self.options_for(item):
                raise ValueError(f"{self.code}: item {item.code} has no answer options.")
        ordered = sorted(self.bands, key=lambda band: band.low)
        for lower, upper in zip(ordered, ordered[1:], strict=False):
            if upper.low != lower.high + 1:
                raise ValueError(f"{self.code}: bands must cover the totals without gaps.")
        if not ordered or (ordered[0].low, ordered[-1].high) != self.total_range():
            raise ValueError(f"{self.code}: bands must cover {self.total_range()}.")
        if not 0 <= self.max_missing < len(self.items):
            raise ValueError(f"{self.code}: max_missing must be below the number of items.")

    def options_for(self, item: Item) -> tuple[AnswerOption, ...]:
        return item.options or self.options

    def total_range(self) -> tuple[int, int]:
        if self.scale_to is not None:
            return (0, self.scale_to)
        points = [[option.points for option in self.options_for(item)] for item in self.items]
        return (sum(min(p) for p in points), sum(max(p) for p in points))

    @cached_property
    def possible_totals(self) -> frozenset[int]:
        """Every total that some set of answers produces: HIT-6 reaches 36-78 with gaps."""
        # (raw points, best possible points, items left unanswered) after each item.
        states = {(0, 0, 0)}
        for item in self.items:
            points = {option.points for option in self.options_for(item)}
            best = max(points)
            states = {(raw + p, top + best, gaps) for raw, top, gaps in states for p in points} | {
                (raw, top, gaps + 1) for raw, top, gaps in states if gaps < self.max_missing
            }
        totals = set()
        for raw, top, _ in states:
            if self.scale_to is None:
                totals.add(raw)
            elif top:
                scaled = Fraction(raw * self.scale_to, top) + Fraction(1, 2)
                totals.add(scaled.numerator // scaled.denominator)
        return frozenset(totals)

    def check_total(self, total: object) -> int:
        """The total if the questionnaire can produce it, else a ValueError saying why."""
        if not isinstance(total, int) or isinstance(total, bool):
            raise ValueError(f"{self.name}: a total must be a whole number, got {total!r}.")
        low, high = self.total_range()
        if not low <= total <= high:
            raise ValueError(f"{self.name}: total {total} is outside {low}-{high}.")
        if total not in self.possible_totals:
            near = sorted(self.possible_totals, key=lambda t: (abs(t - total), t))[:2]
            raise ValueError(
                f"{self.name}: no set of answers adds up to {total}; the nearest possible "
                f"totals are {' and '.join(str(t) for t in sorted(near))}."
            )
        return total

    def threshold_for(self, headache_type: str) -> int:
        thresholds = dict(self.meaningful_change)
        if headache_type not in thresholds:
            known = ", ".join(sorted(thresholds))
            raise ValueError(f"{self.code}: unknown headache type {headache_type!r} ({known}).")
        return thresholds[headache_type]

    def band_for(self, total: int) -> Band:
        for band in self.bands:
            if band.contains(total):
                return band
        low, high = self.total_range()
        raise ValueError(f"{self.code}: total {total} is outside {low}-{high}.")

    def score(self, answers: Mapping[str, str]) -> Score:
        """Score answers given as item code -> option code."""
        known = {item.code for item in self.items}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise ValueError(f"{self.code}: unknown item(s) {', '.join(unknown)}.")
        missing = [item.code for item in self.items if answers.get(item.code) in (None, "")]
        if len(missing) > self.max_missing:
            raise ValueError(f"{self.code}: unanswered item(s) {', '.join(missing)}.")
        raw = 0
        best = 0
        for item in self.items:
            if item.code in missing:
                continue
            by_code = {option.code: option.points for option in self.options_for(item)}
            answer = answers[item.code]
            if answer not in by_code:
                allowed = ", ".join(by_code)
                raise ValueError(
                    f"{self.code}: {answer!r} is not an answer to {item.code} ({allowed})."
                )
            raw += by_code[answer]
            best += max(by_code.values())
        total = raw
        if self.scale_to is not None:
            # Round half up, as printed scoring keys do.
            scaled = Fraction(raw * self.scale_to, best) + Fraction(1, 2)
            total = scaled.numerator // scaled.denominator
        answered = len(self.items) - len(missing)
        return Score(self.code, total, self.band_for(total), answered)

    def compare(self, baseline: int, followup: int, headache_type: str) -> ScoreChange:
        """Change from baseline against the meaningful-change threshold for the headache type.

        Reaching the threshold exactly counts as meaningful. A total the questionnaire cannot
        produce (for HIT-6, 37 or 77) is refused with a ValueError.
        """
        for value in (baseline, followup):
            self.check_total(value)
        threshold = self.threshold_for(headache_type)
        change = followup - baseline
        meaningful = change <= threshold if self.lower_is_better else change >= threshold
        return ScoreChange(
            self.code, baseline, followup, change, threshold, headache_type, meaningful
        )


HIT6_OPTIONS: tuple[AnswerOption, ...] = (
    AnswerOption("never", "Never", 6),
    AnswerOption("rarely", "Rarely", 8),
    AnswerOption("sometimes", "Sometimes", 10),
    AnswerOption("very_often", "Very often", 11),
    AnswerOption("always", "Always", 13),
)
HIT6_ANSWER_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (option.code, option.label) for option in HIT6_OPTIONS
)

HIT6 = Instrument(
    code="hit6",
    name="HIT-6 (Headache Impact Test)",
    items=(
        Item("hit6_1", "Severe pain"),
        Item("hit6_2", "Limits daily activities"),
        Item("hit6_3", "Wish to lie down"),
        Item("hit6_4", "Too tired"),
        Item("hit6_5", "Fed up or irritated"),
        Item("hit6_6", "Concentration"),
    ),
    options=HIT6_OPTIONS,
    bands=(
        Band("little_or_none", "Little or no impact", 36, 49),
        Band("some", "Some impact", 50, 55),
        Band("substantial", "Substantial impact", 56, 59),
        Band("severe", "Severe impact", 60, 78),
    ),
    meaningful_change=((HeadacheType.TENSION_TYPE.value, -8), (HeadacheType.MIGRAINE.value, -6)),
    source=(
        "HIT-6 scoring key (QualityMetric/GSK); meaningful change -8 for chronic tension-type "
        "(Castien 2012), -6 for migraine (conservative end of 2.5-6)"
    ),
    licence_required=True,
)

_REGISTRY: dict[str, Instrument] = {HIT6.code: HIT6}


def register_instrument(instrument: Instrument, *, replace: bool = False) -> Instrument:
    if not isinstance(instrument, Instrument):
        raise ValueError(f"Only Instrument values can be registered, got {instrument!r}.")
    if instrument.code in _REGISTRY and not replace:
        raise ValueError(f"An instrument with code {instrument.code!r} is already registered.")
    _REGISTRY[instrument.code] = instrument
    return instrument


def unregister_instrument(code: str) -> None:
    if code == HIT6.code:
        raise ValueError("HIT-6 is built in and cannot be unregistered.")
    _REGISTRY.pop(code, None)


def get_instrument(code: str) -> Instrument:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise ValueError(f"No instrument registered with code {code!r}.") from None


def registered_instruments() -> tuple[Instrument, ...]:
    return tuple(sorted(_REGISTRY.values(), key=lambda instrument: instrument.code))


def instrument_choices() -> tuple[tuple[str, str], ...]:
    return tuple((instrument.code, instrument.name) for instrument in registered_instruments())

"""One headache-diary day and the label it gets: migraine-like, tension-type-like or
unclassified (ICHD-3 1.1 criteria B-D and 2.x applied to a single day; a label for counting, not
a diagnosis). The outcomes built from many days are in plans/outcomes.py."""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType

from plans.instruments import LabelledChoice

MODERATE_SEVERE_MIN_PEAK = 4
TENSION_TYPE_MAX_PEAK = 6
MIGRAINE_MIN_HOURS = 4
MIGRAINE_MIN_HOURS_UNDER_18 = 2
ADULT_AGE = 18


class MedClass(LabelledChoice):
    SIMPLE = "simple", "Simple painkiller (paracetamol, aspirin, ibuprofen or similar)"
    TRIPTAN_ERGOT = "triptan_ergot", "Triptan or ergot"
    OPIOID = "opioid", "Opioid"
    COMBINATION = "combination", "Combination painkiller"


class Location(LabelledChoice):
    ONE_SIDE = "one_side", "One side"
    BOTH_SIDES = "both_sides", "Both sides"
    BACK_OF_HEAD = "back_of_head", "Back of the head"
    TEMPLES = "temples", "Temples"
    JAW = "jaw", "Jaw"


class Character(LabelledChoice):
    PRESSING = "pressing", "Pressing or tightening"
    PULSATING = "pulsating", "Pulsating or throbbing"


class DayLabel(LabelledChoice):
    NO_HEADACHE = "no_headache", "No headache"
    MIGRAINE_LIKE = "migraine_like", "Migraine-like"
    TENSION_TYPE_LIKE = "tension_type_like", "Tension-type-like"
    UNCLASSIFIED = "unclassified", "Unclassified headache"


MED_CLASS_CHOICES, MED_CLASSES = MedClass.choices(), MedClass.values()
LOCATION_CHOICES, LOCATIONS = Location.choices(), Location.values()
CHARACTER_CHOICES, CHARACTERS = Character.choices(), Character.values()
DAY_LABEL_CHOICES, DAY_LABELS = DayLabel.choices(), DayLabel.values()

CLASSIFICATION_SOURCE = "ICHD-3 1.1 (criteria B-D) and 2.x; labels days, does not diagnose"
MIGRAINE_LIKE_RULE = (
    "Migraine-like day: a headache lasting 4 hours or more (2 hours or more under 18) with at "
    "least two of: one side, pulsating, moderate or severe (peak 4 or more), worse with "
    "activity; and with nausea, or with both light and sound sensitivity."
)
TENSION_TYPE_LIKE_RULE = (
    "Tension-type-like day: a headache that is not migraine-like, pressing or tightening, on "
    "both sides, mild or moderate (peak 6 or less) and without nausea."
)
UNCLASSIFIED_RULE = "Unclassified: a headache day that fits neither rule, or lacks the details."


def in_range(value: object, low: float, high: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high


def whole_in_range(value: object, low: int, high: int = 10**9) -> bool:
    return isinstance(value, int) and in_range(value, low, high)


@dataclass(frozen=True)
class DiaryDay:
    """One diary day. Locations are a set: a headache can be at the temples and on one side."""

    date: date
    headache: bool
    peak: int | None = None
    hours: float | None = None
    locations: frozenset[Location] = frozenset()
    character: Character | None = None
    nausea: bool = False
    light: bool = False
    sound: bool = False
    worse_with_activity: bool | None = None
    # Acute medicines by class and number of doses; allowed on headache-free days too, since
    # they count towards overuse whatever they were taken for.
    meds: Mapping[MedClass, int] = field(default_factory=dict, hash=False)
    triggers: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self._bare():  # only a date and yes/no: the dashboard builds thousands of these
            object.__setattr__(self, "locations", frozenset())
            object.__setattr__(self, "meds", _NO_MEDS)
            object.__setattr__(self, "triggers", ())
            return
        where = f"Diary {self.date}"
        raw = (self.locations,) if isinstance(self.locations, str) else self.locations
        locations = frozenset(Location.parse(v, f"{where}: location") for v in raw)
        if {Location.ONE_SIDE, Location.BOTH_SIDES} <= locations:
            raise ValueError(f"{where}: a headache cannot be on one side and on both sides.")
        character = self.character
        if character is not None:
            character = Character.parse(character, f"{where}: character")
        meds: dict[MedClass, int] = {}
        for key, count in dict(self.meds).items():
            if not whole_in_range(count, 0):
                raise ValueError(f"{where}: medicine count must be 0 or more, got {count!r}.")
            if count:
                meds[MedClass.parse(key, f"{where}: medicine class")] = count
        if self.peak is not None and not whole_in_range(self.peak, 0, 10):
            raise ValueError(f"{where}: peak intensity must be 0-10, got {self.peak!r}.")
        if self.hours is not None and not in_range(self.hours, 0, 24):
            raise ValueError(f"{where}: hours must be 0-24, got {self.hours!r}.")
        details = (self.peak, self.hours, character, self.worse_with_activity)
        symptoms = locations or self.nausea or self.light or self.sound
        if not self.headache and (any(d is not None for d in details) or symptoms):
            raise ValueError(f"{where}: headache details given on a day without headache.")
        object.__setattr__(self, "locations", locations)
        object.__setattr__(self, "character", character)
        object.__setattr__(self, "meds", MappingProxyType(meds))
        object.__setattr__(self, "triggers", tuple(self.triggers))

    @classmethod
    def bare(cls, day: date, headache: bool) -> "DiaryDay":
        """A day with only its date and yes/no, built without the checks (nothing to check):
        the dashboard builds thousands of these for its rows' change since baseline."""
        made = object.__new__(cls)
        made.__dict__.update(_BARE, date=day, headache=bool(headache))
        return made

    def _bare(self) -> bool:
        details = (self.peak, self.hours, self.character, self.worse_with_activity)
        symptoms = (self.locations, self.meds, self.triggers, self.nausea, self.light, self.sound)
        return all(d is None for d in details) and not any(symptoms)


_NO_MEDS: Mapping[MedClass, int] = MappingProxyType({})
_BARE = {
    f.name: f.default for f in fields(DiaryDay) if f.name not in ("date", "headache", "meds")
} | {"meds": _NO_MEDS}


def is_moderate_severe(day: DiaryDay) -> bool:
    return day.headache and day.peak is not None and day.peak >= MODERATE_SEVERE_MIN_PEAK


def is_migraine_like(day: DiaryDay, age: int | None = None) -> bool:
    """ICHD-3 1.1 B-D applied to one diary day; unknown age uses the adult duration."""
    if not day.headache or day.hours is None:
        return False
    under_18 = age is not None and age < ADULT_AGE
    if day.hours < (MIGRAINE_MIN_HOURS_UNDER_18 if under_18 else MIGRAINE_MIN_HOURS):
        return False
    features = (
        Location.ONE_SIDE in day.locations,
        day.character is Character.PULSATING,
        is_moderate_severe(day),
        day.worse_with_activity is True,
    )
    return sum(features) >= 2 and (day.nausea or (day.light and day.sound))


def classify_day(day: DiaryDay, age: int | None = None) -> DayLabel:
    if not day.headache:
        return DayLabel.NO_HEADACHE
    if is_migraine_like(day, age):
        return DayLabel.MIGRAINE_LIKE
    mild_or_moderate = day.peak is not None and day.peak <= TENSION_TYPE_MAX_PEAK
    pressing = day.character is Character.PRESSING
    if pressing and Location.BOTH_SIDES in day.locations and mild_or_moderate and not day.nausea:
        return DayLabel.TENSION_TYPE_LIKE
    return DayLabel.UNCLASSIFIED

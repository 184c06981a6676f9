"""The body chart's sites and the home-plan suggestions they lead to (pure).

A site is a muscle (or the jaw joint) on one side. It has a place on each SVG view it shows in,
the screening region it lies in (so an excluded region rules out its routines), and the library
routines that address it. Suggestions are only suggestions: the therapist decides."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SIDES = (("left", "Left"), ("right", "Right"))
KINDS = (("tender", "Tender point"), ("trigger", "Trigger point"))
VIEWS = (
    ("front", "Front"),
    ("back", "Back"),
    ("side_left", "Left side"),
    ("side_right", "Right side"),
)


@dataclass(frozen=True)
class Muscle:
    code: str
    label: str
    region: str  # a triage region code; "{side}" is filled in with left or right
    routines: tuple[str, ...]
    # view -> (x, y) of the LEFT-side site; right-side places are mirrored (or given) below
    places: tuple[tuple[str, int, int], ...]


MUSCLES: tuple[Muscle, ...] = (
    Muscle("temporalis", "temporalis", "scalp", ("temporalis-release",),
           (("front", 136, 50), ("side_left", 96, 48))),
    Muscle("masseter", "masseter", "jaw_{side}", ("masseter-release",),
           (("front", 126, 98), ("side_left", 84, 100))),
    Muscle("jaw_joint", "jaw joint (TMJ)", "jaw_{side}", ("jaw-relaxation-drill",),
           (("front", 140, 82), ("side_left", 100, 86))),
    Muscle("sternocleidomastoid", "sternocleidomastoid", "neck_side_{side}",
           ("sternocleidomastoid-finger-pinch",), (("front", 110, 142), ("side_left", 108, 134))),
    Muscle("suboccipitals", "suboccipitals", "neck_back",
           ("suboccipital-release-two-balls", "towel-suboccipital-stretch"),
           (("back", 88, 112), ("side_left", 142, 100))),
    Muscle("splenius_capitis", "splenius capitis", "neck_back", ("towel-suboccipital-stretch",),
           (("back", 84, 130), ("side_left", 134, 120))),
    Muscle("levator_scapulae", "levator scapulae", "shoulder_{side}",
           ("levator-scapulae-wall-ball",), (("back", 74, 156), ("side_left", 128, 148))),
    Muscle("upper_trapezius", "upper trapezius", "shoulder_{side}",
           ("upper-trapezius-wall-ball",),
           (("front", 150, 168), ("back", 50, 168), ("side_left", 154, 170))),
)  # fmt: skip
_BY_CODE = {m.code: m for m in MUSCLES}
WIDTH = 200


@dataclass(frozen=True)
class Site:
    key: str
    muscle: Muscle
    side: str

    @property
    def label(self) -> str:
        return f"{self.side.capitalize()} {self.muscle.label}"

    @property
    def region(self) -> str:
        return self.muscle.region.format(side=self.side)

    def places(self) -> list[tuple[str, int, int]]:
        """Where this site is drawn: the left side as listed, the right mirrored across the
        midline in the front and back views and drawn on the right-side profile."""
        out = []
        for view, x, y in self.muscle.places:
            if self.side == "left":
                out.append((view, x, y))
            elif view == "side_left":
                out.append(("side_right", WIDTH - x, y))
            else:
                out.append((view, WIDTH - x, y))
        return out


SITES: tuple[Site, ...] = tuple(
    Site(f"{m.code}_{side}", m, side) for m in MUSCLES for side, _ in SIDES
)
SITE_KEYS: tuple[str, ...] = tuple(s.key for s in SITES)
_SITES = {s.key: s for s in SITES}


def site(key: str) -> Site:
    try:
        return _SITES[key]
    except KeyError:
        raise ValueError(f"Unknown body-chart site {key!r}.") from None


@dataclass(frozen=True)
class Spot:
    site: str
    tenderness: int
    reproduces_headache: bool = False
    kind: str = "tender"

    def __post_init__(self) -> None:
        site(self.site)
        if not 0 <= self.tenderness <= 10:
            raise ValueError("Tenderness is scored 0 to 10.")
        if self.kind not in dict(KINDS):
            raise ValueError(f"Kind must be one of {', '.join(dict(KINDS))}.")


@dataclass(frozen=True)
class Suggestion:
    routine: str
    sides: tuple[str, ...]
    because: tuple[str, ...]  # the site labels that led to it


def _other(side: str) -> str:
    return "right" if side == "left" else "left"


def suggestions(
    spots: Iterable[Spot],
    *,
    excluded_regions: Iterable[str],
    routines: Mapping[str, Iterable[str]],
) -> list[Suggestion]:
    """Routines that address the marked spots, most tender (and headache-reproducing) first.

    `routines` maps each routine the therapist may offer to its regions. A routine is never
    suggested for a spot whose region is excluded, nor when any of its own regions on that side
    (or in the midline) is excluded."""
    excluded = set(excluded_regions)
    found: dict[str, dict] = {}
    ranked = sorted(spots, key=lambda s: (-s.reproduces_headache, -s.tenderness, s.site))
    for spot in ranked:
        where = site(spot.site)
        if where.region in excluded:
            continue
        for slug in where.muscle.routines:
            if slug not in routines:
                continue
            own = {r for r in routines[slug] if not r.endswith(f"_{_other(where.side)}")}
            if own & excluded:
                continue
            entry = found.setdefault(slug, {"sides": [], "because": []})
            if where.side not in entry["sides"]:
                entry["sides"].append(where.side)
            entry["because"].append(where.label)
    return [
        Suggestion(slug, tuple(sorted(v["sides"])), tuple(v["because"]))
        for slug, v in found.items()
    ]


def muscle(code: str) -> Muscle:
    return _BY_CODE[code]

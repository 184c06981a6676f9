"""The body chart's drawing data: where each site sits on each view, and how it is marked.
Shared by the form, the therapist's panel, the doctor's summary and the PDFs."""

from collections.abc import Mapping
from dataclasses import dataclass

from .bodychart import SITES, VIEWS


@dataclass(frozen=True)
class Dot:
    key: str
    label: str
    x: int
    y: int
    marked: bool
    tenderness: int | None
    reproduces: bool
    trigger: bool


@dataclass(frozen=True)
class View:
    code: str
    label: str
    dots: tuple[Dot, ...]


def views(marks: Mapping[str, tuple[int, bool, str]] | None = None) -> list[View]:
    """`marks` maps a site key to (tenderness, reproduces headache, kind)."""
    marks = marks or {}
    out = []
    for code, label in VIEWS:
        dots = []
        for site in SITES:
            mark = marks.get(site.key)
            for view, x, y in site.places():
                if view == code:
                    dots.append(
                        Dot(
                            site.key, site.label, x, y, mark is not None,
                            mark[0] if mark else None, bool(mark and mark[1]),
                            bool(mark and mark[2] == "trigger"),
                        )
                    )  # fmt: skip
        out.append(View(code, label, tuple(dots)))
    return out


def marks_of(spots) -> dict[str, tuple[int, bool, str]]:
    return {s.site: (s.tenderness, s.reproduces_headache, s.kind) for s in spots}

"""Server-rendered SVG charts for diary outcomes, identical on screen and in PDFs.

Each chart is a small, self-contained SVG (no script, no external references) labelled by its
<title> and <desc>, with the same numbers returned as table rows for a screen-reader toggle.
All text is XML-escaped, and every colour has at least 4.5:1 contrast against white.

Phone first: a 320-unit-wide viewBox drawn at the width of its box (width 100%) with 14-unit
text, so that on a 320 px phone (a box of about 264 px) text is still about 11.5 px. Legend
entries stack in rows under the plot rather than share a line.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

from plans.diary_days import DiaryDay, MedClass
from plans.outcomes import (
    OVERUSE_DAYS_OTHER,
    OVERUSE_DAYS_SIMPLE,
    Adherence,
    WindowSummary,
    index_diary,
    summarise,
)
from plans.overuse import SPAN_DAYS

WIDTH, FONT_SIZE = 320, 14
LEFT, RIGHT, TOP = 50, 10, 22
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, 150
BASE = TOP + PLOT_H
# Under the plot: visit triangles, date labels, then one row per legend entry.
LABELS_Y = BASE + 30
LEGEND_ROW = 22
HEIGHT = LABELS_Y + 10  # without a legend
MAX_X_LABELS = 5
# A generous average glyph width for sans-serif text, in ems, to keep labels apart.
GLYPH_WIDTH = 0.6
TEXT, GRID, VISIT = "#1f2937", "#767676", "#374151"
BAR, LINE, MEDS, DONE, LIMIT = "#1d4ed8", "#9a3412", "#5b21b6", "#047857", "#b91c1c"
COLOURS: tuple[str, ...] = (TEXT, GRID, BAR, LINE, LIMIT, VISIT, DONE, MEDS)
# The page colour, drawn round threshold labels so that a bar behind them cannot hide them.
HALO = "#fff"
# ICHD-3 thresholds are per month, looked for on 30-day spans; drawn per week as days x 7 / 30.
WEEKLY_LIMIT_OTHER = OVERUSE_DAYS_OTHER * 7 / SPAN_DAYS
WEEKLY_LIMIT_SIMPLE = OVERUSE_DAYS_SIMPLE * 7 / SPAN_DAYS
MED_CLASS_SHORT: tuple[tuple[MedClass, str], ...] = (
    (MedClass.SIMPLE, "Simple"),
    (MedClass.TRIPTAN_ERGOT, "Triptan/ergot"),
    (MedClass.OPIOID, "Opioid"),
    (MedClass.COMBINATION, "Combination"),
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,40}")


@dataclass(frozen=True)
class Legend:
    """One legend row: an SVG mark drawn with its left edge at x=0 and its middle at y=0."""

    mark: str
    text: str


@dataclass(frozen=True)
class Chart:
    svg: str
    title: str
    description: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def day_label(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_summaries(
    diary: Mapping[date, DiaryDay] | Iterable[DiaryDay],
    start: date,
    end: date,
    *,
    age: int | None = None,
) -> tuple[WindowSummary, ...]:
    """One summary per ISO week (Monday to Sunday) overlapping start..end, clipped to it."""
    by_date = diary if isinstance(diary, Mapping) else index_diary(diary)
    weeks = []
    week_start = start
    while week_start <= end:
        week_end = min(week_start + timedelta(days=6 - week_start.weekday()), end)
        weeks.append(summarise(by_date, week_start, week_end, age=age, check_overuse=False))
        week_start = week_end + timedelta(days=1)
    return tuple(weeks)


def _esc(text: object) -> str:
    return escape(str(text), {'"': "&quot;"})


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _y(value: float, top: float) -> float:
    return BASE - min(value, top) / top * PLOT_H


class _TimeAxis:
    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.day_w = PLOT_W / ((end - start).days + 1)

    def edge(self, day: date) -> float:
        return LEFT + (day - self.start).days * self.day_w

    def mid(self, day: date) -> float:
        return self.edge(day) + self.day_w / 2


def _y_axis(top: float, ticks: Sequence[float], label: str) -> list[str]:
    grid = "".join(f"M{LEFT} {_n(_y(t, top))}h{PLOT_W}" for t in ticks)
    parts = [f'<path d="{grid}" stroke="{GRID}" stroke-width="0.5" stroke-dasharray="2 3"/>']
    parts += [
        f'<text x="{LEFT - 5}" y="{_n(_y(t, top) + 5)}" text-anchor="end">{_n(t)}</text>'
        for t in ticks
    ]
    parts.append(
        f'<text transform="translate(16 {TOP + PLOT_H / 2}) rotate(-90)" '
        f'text-anchor="middle">{_esc(label)}</text>'
    )
    parts.append(f'<path d="M{LEFT} {BASE}h{PLOT_W}" stroke="{TEXT}"/>')
    return parts


def _x_labels(positions: Sequence[tuple[float, str]]) -> list[str]:
    step = max(1, -(-len(positions) // MAX_X_LABELS))
    parts, right_of_last = [], 0.0
    for x, text in positions[::step]:
        # A label near either edge is anchored there, so that it is never cut off, and a label
        # that would touch the one before it is left out.
        width = len(text) * FONT_SIZE * GLYPH_WIDTH
        left = min(max(x - width / 2, 2), WIDTH - 2 - width)
        if left < right_of_last + 8:
            continue
        right_of_last = left + width
        parts.append(f'<text x="{_n(left)}" y="{LABELS_Y}">{_esc(text)}</text>')
    return parts


VISIT_LEGEND = Legend(f'<path d="M13 -4l-4 8h8z" fill="{VISIT}"/>', "Clinic visit")


def _visit_marks(
    axis: _TimeAxis, visits: Iterable[date]
) -> tuple[list[str], str, tuple[Legend, ...]]:
    shown = sorted(v for v in set(visits) if axis.start <= v <= axis.end)
    if not shown:
        return [], "", ()
    marks = "".join(f"M{_n(axis.mid(v))} {BASE + 2}l-4 8h8z" for v in shown)
    dates = ", ".join(day_label(v) for v in shown)
    text = f" Triangles below the axis mark {len(shown)} clinic visits: {dates}."
    return [f'<path d="{marks}" fill="{VISIT}"/>'], text, (VISIT_LEGEND,)


def _limit_lines(lines: Sequence[tuple[float, str]], top: float) -> tuple[list[str], Legend]:
    """Dashed threshold lines, each labelled just above its right end, plus a legend entry."""
    dash = f'stroke="{LIMIT}" stroke-width="1.5" stroke-dasharray="6 4"'
    parts = [f'<path d="M{LEFT} {_n(_y(v, top))}h{PLOT_W}" {dash}/>' for v, _ in lines]
    parts += [
        f'<text x="{WIDTH - RIGHT - 2}" y="{_n(_y(v, top) - 4)}" text-anchor="end" '
        f'fill="{LIMIT}" stroke="{HALO}" stroke-width="3" class="halo">{_esc(t)}</text>'
        for v, t in lines
    ]
    legend = Legend(f'<path d="M0 0h26" {dash}/>', f"Overuse threshold (days in {SPAN_DAYS})")
    return parts, legend


def _rect(x: float, y: float, w: float, h: float) -> str:
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}"/>'


def _svg(
    prefix: str, title: str, desc: str, body: Sequence[str], legend: Sequence[Legend] = ()
) -> str:
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise ValueError(
            "prefix must start with a letter and use only letters, digits, '-' and '_' "
            f"(at most 41 characters), got {prefix!r}."
        )
    rows = []
    for i, entry in enumerate(legend):
        y = HEIGHT + 8 + i * LEGEND_ROW
        rows.append(f'<g transform="translate({LEFT} {y - 5})">{entry.mark}</g>')
        rows.append(f'<text x="{LEFT + 34}" y="{y}">{_esc(entry.text)}</text>')
    height = HEIGHT + len(legend) * LEGEND_ROW
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="sans-serif" '
        f'font-size="{FONT_SIZE}" fill="{TEXT}">'
        f'<title id="{prefix}-title">{_esc(title)}</title>'
        f'<desc id="{prefix}-desc">{_esc(desc)}</desc>' + "".join([*body, *rows]) + "</svg>"
    )


def _chart(
    prefix: str,
    title: str,
    desc: str,
    body: Sequence[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    legend: Sequence[Legend] = (),
) -> Chart:
    svg = _svg(prefix, title, desc, body, legend)
    return Chart(svg, title, desc, tuple(columns), tuple(tuple(row) for row in rows))


def _empty(prefix: str, title: str, columns: Sequence[str]) -> Chart:
    desc = "No diary entries to show yet."
    text = f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle">{_esc(desc)}</text>'
    return _chart(prefix, title, desc, [text], columns, ())


def _week_bars(
    weeks: Sequence[WindowSummary],
    count: Callable[[WindowSummary], int],
    colour: str,
    visits: Iterable[date],
    *,
    show_counts: bool = True,
) -> tuple[list[str], str, tuple[Legend, ...]]:
    axis = _TimeAxis(weeks[0].start, weeks[-1].end)
    body = _y_axis(7, range(8), "Days")
    outlines, bars, values = [], [], []
    for week in weeks:
        x = axis.edge(week.start) + 1.5
        w = max(axis.day_w * week.days - 3, 1)
        recorded, value = _y(week.recorded_days, 7), _y(count(week), 7)
        outlines.append(_rect(x, recorded, w, BASE - recorded))
        bars.append(_rect(x, value, w, BASE - value))
        # The count itself above each bar, when the bar is wide enough to carry it.
        if show_counts and w >= 10:
            values.append(
                f'<text x="{_n(x + w / 2)}" y="{_n(value - 4)}" text-anchor="middle">'
                f"{count(week)}</text>"
            )
    body.append(f'<g fill="none" stroke="{GRID}" stroke-dasharray="3 2">{"".join(outlines)}</g>')
    body.append(f'<g fill="{colour}">{"".join(bars)}</g>')
    body += values
    body += _x_labels(
        [(axis.edge(w.start) + axis.day_w * w.days / 2, day_label(w.start)) for w in weeks]
    )
    marks, visit_text, legend = _visit_marks(axis, visits)
    return body + marks, visit_text, legend


def _period(start: date, end: date) -> str:
    return f"{long_date(start)} to {long_date(end)}"


def headache_days_chart(
    weeks: Sequence[WindowSummary],
    *,
    prefix: str,
    visits: Iterable[date] = (),
    title: str | None = None,
) -> Chart:
    """Headache days per week as bars, over dashed outlines of the days recorded."""
    columns = ("Week starting", "ISO week", "Days recorded", "Headache days", "Moderate/severe")
    if not weeks:
        return _empty(prefix, title or "Headache days per week", columns)
    title = title or f"Headache days per week, {_period(weeks[0].start, weeks[-1].end)}"
    body, visit_text, legend = _week_bars(weeks, lambda w: w.headache_days, BAR, visits)
    most = max(weeks, key=lambda w: w.headache_days)
    desc = (
        f"Bars show headache days in each of {len(weeks)} weeks; dashed outlines show the days "
        f"recorded. Highest: {most.headache_days} in the week of {long_date(most.start)}. "
        "Days without an entry are not counted as headache-free." + visit_text
    )
    rows = [
        (
            long_date(w.start),
            iso_week(w.start),
            f"{w.recorded_days} of {w.days}",
            str(w.headache_days),
            str(w.moderate_severe_days),
        )
        for w in weeks
    ]
    return _chart(prefix, title, desc, body, columns, rows, legend)


def medication_days_chart(
    weeks: Sequence[WindowSummary],
    *,
    prefix: str,
    visits: Iterable[date] = (),
    title: str | None = None,
) -> Chart:
    """Days with any acute medicine per week, with the overuse thresholds as dashed lines."""
    columns = ("Week starting", "Days recorded", "Medication days") + tuple(
        label for _, label in MED_CLASS_SHORT
    )
    if not weeks:
        return _empty(prefix, title or "Acute medication days per week", columns)
    title = title or f"Acute medication days per week, {_period(weeks[0].start, weeks[-1].end)}"
    # No counts over these bars: the threshold labels sit at their right end.
    body, visit_text, legend = _week_bars(
        weeks, lambda w: w.medication.any_class, MEDS, visits, show_counts=False
    )
    other, simple = _n(WEEKLY_LIMIT_OTHER), _n(WEEKLY_LIMIT_SIMPLE)
    lines, limit_legend = _limit_lines(
        [
            (WEEKLY_LIMIT_OTHER, f"{OVERUSE_DAYS_OTHER}/{SPAN_DAYS}"),
            (WEEKLY_LIMIT_SIMPLE, f"{OVERUSE_DAYS_SIMPLE}/{SPAN_DAYS}"),
        ],
        7,
    )
    body += lines
    desc = (
        f"Bars show days with any acute medicine in each of {len(weeks)} weeks; dashed outlines "
        f"show the days recorded. Dashed red lines mark the overuse thresholds, drawn per week: "
        f"{OVERUSE_DAYS_OTHER} days in {SPAN_DAYS} (about {other} a week) for triptans, ergots, "
        f"opioids, combination painkillers or mixed classes, and {OVERUSE_DAYS_SIMPLE} days in "
        f"{SPAN_DAYS} (about {simple} a week) for simple painkillers only." + visit_text
    )
    rows = [
        (long_date(w.start), f"{w.recorded_days} of {w.days}", str(w.medication.any_class))
        + tuple(str(w.medication.for_class(c)) for c, _ in MED_CLASS_SHORT)
        for w in weeks
    ]
    return _chart(prefix, title, desc, body, columns, rows, (limit_legend, *legend))


def peak_intensity_chart(
    diary: Mapping[date, DiaryDay] | Iterable[DiaryDay],
    start: date,
    end: date,
    *,
    prefix: str,
    visits: Iterable[date] = (),
    title: str | None = None,
) -> Chart:
    """Daily peak intensity 0-10 (0 on recorded headache-free days); gaps where not recorded."""
    if end < start:
        raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}.")
    columns = ("Date", "Headache", "Peak intensity (0-10)")
    by_date = diary if isinstance(diary, Mapping) else index_diary(diary)
    entries = [by_date[d] for d in sorted(by_date) if start <= d <= end]
    title = title or f"Peak headache intensity, {_period(start, end)}"
    if not entries:
        return _empty(prefix, title, columns)
    axis = _TimeAxis(start, end)
    body = _y_axis(10, (0, 2, 4, 6, 8, 10), "Peak (0-10)")
    points = [
        (day.date, 0 if not day.headache else day.peak)
        for day in entries
        if not day.headache or day.peak is not None
    ]
    line, dots, previous = [], [], None
    for day, value in points:
        xy = f"{_n(axis.mid(day))} {_n(_y(value, 10))}"
        joined = previous is not None and (day - previous).days == 1
        line.append(("L" if joined else "M") + xy)
        dots.append(f"M{xy}h0")
        previous = day
    body.append(f'<path d="{"".join(line)}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
    body.append(
        f'<path d="{"".join(dots)}" stroke="{LINE}" stroke-width="4.5" stroke-linecap="round"/>'
    )
    every_day = (start + timedelta(days=i) for i in range((end - start).days + 1))
    mondays = [d for d in every_day if d.weekday() == 0 or d == start]
    body += _x_labels([(axis.mid(d), day_label(d)) for d in mondays])
    marks, visit_text, legend = _visit_marks(axis, visits)
    body += marks
    peaks = [day.peak for day in entries if day.headache and day.peak is not None]
    mean = f" Mean peak on headache days: {sum(peaks) / len(peaks):.1f}." if peaks else ""
    missing = (end - start).days + 1 - len(entries)
    desc = (
        f"Points show each recorded day's peak intensity from 0 to 10 ({len(entries)} days "
        f"recorded, {missing} not recorded); 0 means no headache. Lines join consecutive "
        f"recorded days and break where a day has no entry.{mean}" + visit_text
    )
    rows = [
        (
            long_date(day.date),
            "Yes" if day.headache else "No",
            ("not given" if day.peak is None else str(day.peak)) if day.headache else "0",
        )
        for day in entries
    ]
    return _chart(prefix, title, desc, body, columns, rows, legend)


def adherence_chart(
    periods: Sequence[Adherence],
    *,
    prefix: str,
    title: str | None = None,
) -> Chart:
    """Home-practice sessions done as a share of sessions due, one bar per period."""
    columns = ("Period", "Sessions done", "Sessions due", "Adherence")
    title = title or "Home practice done as a share of sessions due"
    if not periods:
        return _empty(prefix, title, columns)
    labels = [
        f"Week of {day_label(p.period_start)}" if p.period_start else f"Period {i}"
        for i, p in enumerate(periods, start=1)
    ]
    # Headroom above 100% for the value labels.
    top = 115
    body = _y_axis(top, (0, 25, 50, 75, 100), "% of sessions due")
    slot = PLOT_W / len(periods)
    bars, values = [], []
    for i, period in enumerate(periods):
        x = LEFT + i * slot
        ratio = period.ratio
        # A dash where nothing was due: "none due" is too wide for eight bars on a phone.
        text = "–" if ratio is None else f"{round(ratio * 100)}%"
        y = _y(0 if ratio is None else ratio * 100, top)
        if ratio is not None:
            bars.append(_rect(x + slot * 0.2, y, slot * 0.6, BASE - y))
        values.append(
            f'<text x="{_n(x + slot / 2)}" y="{_n(y - 4)}" text-anchor="middle">{_esc(text)}</text>'
        )
    body.append(f'<g fill="{DONE}">{"".join(bars)}</g>')
    body += values
    # The axis shows the week's first day only ("6 Jan"); "Week of" would overlap at 8 bars.
    axis_labels = [
        day_label(p.period_start) if p.period_start else f"Period {i}"
        for i, p in enumerate(periods, start=1)
    ]
    body += _x_labels([(LEFT + (i + 0.5) * slot, label) for i, label in enumerate(axis_labels)])
    # Extra sessions in one period do not make up for another.
    done = sum(min(p.done, p.due) for p in periods)
    due = sum(p.due for p in periods)
    overall = Adherence(done, due).ratio
    summary = "no sessions were due" if overall is None else f"{round(overall * 100)}% overall"
    desc = (
        f"Bars show home-practice sessions done as a share of those due in {len(periods)} "
        f"periods, capped at 100%: {done} of {due} due sessions done, {summary}."
    )
    rows = [
        (
            label,
            str(p.done),
            str(p.due),
            "none due" if p.ratio is None else f"{round(p.ratio * 100)}%",
        )
        for label, p in zip(labels, periods, strict=True)
    ]
    return _chart(prefix, title, desc, body, columns, rows)

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from plans.charts import (
    BAR,
    BASE,
    COLOURS,
    DONE,
    FONT_SIZE,
    HALO,
    HEIGHT,
    LIMIT,
    MEDS,
    PLOT_H,
    VISIT,
    WEEKLY_LIMIT_OTHER,
    WEEKLY_LIMIT_SIMPLE,
    adherence_chart,
    headache_days_chart,
    medication_days_chart,
    peak_intensity_chart,
    weekly_summaries,
)
from plans.diary_days import DiaryDay
from plans.outcomes import Adherence

SVG = "{http://www.w3.org/2000/svg}"
START = date(2025, 1, 6)
END = START + timedelta(days=83)
VISITS = [START + timedelta(days=d) for d in (28, 31, 35, 38, 42, 45, 49, 52)]


def sample_diary():
    diary = []
    for i in range(84):
        day = START + timedelta(days=i)
        if i % 7 == 5:
            continue  # not recorded
        if i % 3 == 0:
            diary.append(DiaryDay(day, True, peak=i % 11, hours=5.0, meds={"simple": 1}))
        else:
            diary.append(DiaryDay(day, False, meds={"triptan_ergot": 1} if i % 5 == 0 else {}))
    return diary


WEEKS = weekly_summaries(sample_diary(), START, END)


def every_chart(title=None):
    return [
        headache_days_chart(WEEKS, prefix="hd", visits=VISITS, title=title),
        medication_days_chart(WEEKS, prefix="md", visits=VISITS, title=title),
        peak_intensity_chart(sample_diary(), START, END, prefix="pk", visits=VISITS, title=title),
        adherence_chart(
            [Adherence(3, 4, START), Adherence(5, 4, START + timedelta(7)), Adherence(0, 0)],
            prefix="ad",
            title=title,
        ),
    ]


def contrast_with_white(colour):
    def linear(channel):
        c = int(channel, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(colour[i : i + 2]) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def bars(svg, colour):
    root = ET.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("fill") == colour)
    return list(group.iter(f"{SVG}rect"))


@pytest.mark.parametrize(
    "chart", every_chart(), ids=["headache", "medication", "peak", "adherence"]
)
def test_every_chart_is_valid_labelled_svg(chart):
    root = ET.fromstring(chart.svg)
    prefix = root.find(f"{SVG}title").get("id").removesuffix("-title")

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    x, y, width, height = (int(v) for v in root.get("viewBox").split())
    assert (x, y, width) == (0, 0, 320) and height >= HEIGHT
    # Drawn at the width of its box, never wider: no sideways scrolling on a phone.
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    assert root[0].tag == f"{SVG}title" and root[0].text == chart.title
    assert root[1].tag == f"{SVG}desc" and root[1].text == chart.description
    assert root.find(f"{SVG}desc").get("id") == f"{prefix}-desc"


@pytest.mark.parametrize(
    "chart", every_chart(), ids=["headache", "medication", "peak", "adherence"]
)
def test_chart_text_stays_readable_when_a_phone_shrinks_the_chart(chart):
    root = ET.fromstring(chart.svg)
    sizes = [float(t.get("font-size", root.get("font-size"))) for t in root.iter(f"{SVG}text")]
    width = int(root.get("viewBox").split()[2])
    # At 320 px the chart's box is about 264 px wide (page and card padding).
    assert min(sizes) * 264 / width >= 11
    assert FONT_SIZE * 264 / width >= 11


@pytest.mark.parametrize(
    "chart", every_chart(), ids=["headache", "medication", "peak", "adherence"]
)
def test_text_is_kept_inside_the_drawing(chart):
    root = ET.fromstring(chart.svg)
    width = int(root.get("viewBox").split()[2])
    for text in root.iter(f"{SVG}text"):
        if text.get("x") is None:
            continue
        x, anchor = float(text.get("x")), text.get("text-anchor", "start")
        guess = len(text.text) * FONT_SIZE * 0.55  # average sans-serif glyph width
        left = {"start": x, "middle": x - guess / 2, "end": x - guess}[anchor]
        assert 0 <= left and left + guess <= width, text.text


@pytest.mark.parametrize(
    "chart", every_chart(), ids=["headache", "medication", "peak", "adherence"]
)
def test_charts_are_small_self_contained_and_script_free(chart):
    lowered = chart.svg.lower()

    assert len(chart.svg.encode()) < 8_000
    for forbidden in ("<script", "href", "url(", "<image", "<foreignobject", "onload", "style="):
        assert forbidden not in lowered


@pytest.mark.parametrize(
    "chart", every_chart(), ids=["headache", "medication", "peak", "adherence"]
)
def test_chart_colours_pass_wcag_aa_against_white(chart):
    used = set(re.findall(r'(?:fill|stroke)="([^"]+)"', chart.svg)) - {"none", HALO}

    assert used <= set(COLOURS)
    assert all(contrast_with_white(colour) >= 4.5 for colour in COLOURS)


@pytest.mark.parametrize(
    "chart", every_chart("<script>alert(1)</script> & Co"), ids=["hd", "md", "pk", "ad"]
)
def test_text_is_escaped(chart):
    root = ET.fromstring(chart.svg)

    assert "<script" not in chart.svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in chart.svg
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script> & Co"


def test_two_charts_on_one_page_get_distinct_ids():
    first = headache_days_chart(WEEKS, prefix="patient-1-hd")
    second = headache_days_chart(WEEKS, prefix="patient-2-hd")

    ids = [re.findall(r'id="([^"]+)"', chart.svg) for chart in (first, second)]
    assert ids == [
        ["patient-1-hd-title", "patient-1-hd-desc"],
        ["patient-2-hd-title", "patient-2-hd-desc"],
    ]


@pytest.mark.parametrize("prefix", ["", "1chart", "a b", 'x"y', "a<b", "é", "x" * 42])
def test_unsafe_prefixes_are_rejected(prefix):
    with pytest.raises(ValueError, match="prefix must start with a letter"):
        headache_days_chart(WEEKS, prefix=prefix)


def test_weeks_are_iso_weeks_clipped_to_the_period():
    weeks = weekly_summaries(sample_diary(), date(2025, 1, 8), date(2025, 1, 21))

    assert [(w.start, w.end, w.days) for w in weeks] == [
        (date(2025, 1, 8), date(2025, 1, 12), 5),
        (date(2025, 1, 13), date(2025, 1, 19), 7),
        (date(2025, 1, 20), date(2025, 1, 21), 2),
    ]


def test_headache_chart_has_one_bar_per_week_and_rows_match_the_data():
    chart = headache_days_chart(WEEKS, prefix="hd", visits=VISITS)

    assert len(bars(chart.svg, BAR)) == len(WEEKS) == 12
    assert chart.columns[:4] == ("Week starting", "ISO week", "Days recorded", "Headache days")
    assert [row[3] for row in chart.rows] == [str(w.headache_days) for w in WEEKS]
    assert [row[2] for row in chart.rows] == [f"{w.recorded_days} of 7" for w in WEEKS]
    assert chart.rows[0][:2] == ("6 Jan 2025", "2025-W02")
    assert "not counted as headache-free" in chart.description


def test_bar_heights_are_proportional_to_the_counts():
    chart = headache_days_chart(WEEKS, prefix="hd")

    heights = [float(rect.get("height")) for rect in bars(chart.svg, BAR)]
    per_day = PLOT_H / 7
    assert heights == [pytest.approx(w.headache_days * per_day, abs=0.06) for w in WEEKS]


@pytest.mark.parametrize(
    ("chart", "visit_count"),
    [
        (headache_days_chart(WEEKS, prefix="a", visits=VISITS), 8),
        (medication_days_chart(WEEKS, prefix="b", visits=VISITS + [date(2030, 1, 1)]), 8),
        (peak_intensity_chart(sample_diary(), START, END, prefix="c", visits=VISITS[:3]), 3),
        (headache_days_chart(WEEKS, prefix="d"), 0),
    ],
)
def test_visits_inside_the_period_are_marked_with_triangles(chart, visit_count):
    marks = [
        path.get("d")
        for path in ET.fromstring(chart.svg).iter(f"{SVG}path")
        if path.get("fill") == VISIT
    ]

    triangles = sum(d.count("l-4 8h8z") for d in marks) - (1 if marks else 0)
    assert triangles == visit_count
    assert ("clinic visits" in chart.description) is bool(visit_count)


def test_medication_chart_draws_labelled_dashed_overuse_threshold_lines():
    chart = medication_days_chart(WEEKS, prefix="md")
    root = ET.fromstring(chart.svg)
    lines = [
        p for p in root.iter(f"{SVG}path") if p.get("stroke") == LIMIT and p.get("stroke-dasharray")
    ]
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("fill") == LIMIT]

    ys = {float(p.get("d").split()[1].split("h")[0]) for p in lines}
    assert {
        round(BASE - WEEKLY_LIMIT_OTHER / 7 * PLOT_H, 1),
        round(BASE - WEEKLY_LIMIT_SIMPLE / 7 * PLOT_H, 1),
    } <= ys
    assert labels == ["10/30", "15/30"]
    assert "10 days in 30 (about 2.3 a week)" in chart.description
    assert "15 days in 30 (about 3.5 a week)" in chart.description
    assert len(bars(chart.svg, MEDS)) == len(WEEKS)
    assert [row[2] for row in chart.rows] == [str(w.medication.any_class) for w in WEEKS]
    assert [row[3] for row in chart.rows] == [str(w.medication.simple) for w in WEEKS]


def test_peak_chart_breaks_the_line_on_days_without_an_entry():
    diary = [
        DiaryDay(START, True, peak=6, hours=2.0),
        DiaryDay(START + timedelta(1), False),
        DiaryDay(START + timedelta(3), True, peak=3, hours=1.0),
        DiaryDay(START + timedelta(4), True, peak=None),
    ]

    chart = peak_intensity_chart(diary, START, START + timedelta(6), prefix="pk")
    line = next(
        p.get("d") for p in ET.fromstring(chart.svg).iter(f"{SVG}path") if p.get("fill") == "none"
    )

    assert line.count("M") == 2 and line.count("L") == 1
    assert chart.rows == (
        ("6 Jan 2025", "Yes", "6"),
        ("7 Jan 2025", "No", "0"),
        ("9 Jan 2025", "Yes", "3"),
        ("10 Jan 2025", "Yes", "not given"),
    )
    assert "4 days recorded, 3 not recorded" in chart.description
    assert "Mean peak on headache days: 4.5" in chart.description


def test_adherence_chart_caps_each_period_and_reports_none_due():
    periods = [Adherence(3, 4, START), Adherence(5, 4, START + timedelta(7)), Adherence(0, 0)]

    chart = adherence_chart(periods, prefix="ad")

    assert chart.rows == (
        ("Week of 6 Jan", "3", "4", "75%"),
        ("Week of 13 Jan", "5", "4", "100%"),
        ("Period 3", "0", "0", "none due"),
    )
    assert len(bars(chart.svg, DONE)) == 2
    assert "7 of 8 due sessions done, 88% overall" in chart.description


@pytest.mark.parametrize(
    "build",
    [
        lambda: headache_days_chart((), prefix="e"),
        lambda: medication_days_chart((), prefix="e"),
        lambda: peak_intensity_chart([], START, END, prefix="e"),
        lambda: adherence_chart((), prefix="e"),
    ],
)
def test_charts_without_data_say_so(build):
    chart = build()

    assert ET.fromstring(chart.svg).find(f"{SVG}desc").text == "No diary entries to show yet."
    assert chart.rows == ()


def test_peak_chart_rejects_a_period_ending_before_it_starts():
    with pytest.raises(ValueError, match="is before start"):
        peak_intensity_chart([], END, START, prefix="pk")

"""Chart text never covers other chart text and is never cut off by the edge of the picture.

Each ``<text>`` of a rendered chart is read back with its position, anchor and size, its box
computed with the same generous width estimate the layout uses, and every pair of boxes
checked, over the example journals and over generated series of scores, moods and incidents.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.report.conftest import EXAMPLE_NAMES, entry, example_report, report_of
from therapylog.data.model import Entry
from therapylog.report.model import Period, Report
from therapylog.report.renderers.chart_labels import Box, Label, text_width
from therapylog.report.renderers.svg import incidents_chart, measures_chart, mood_chart

_TEXT = re.compile(
    r'<text class="(?P<css>[^"]+)" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)" '
    r'font-size="(?P<size>[\d.]+)" text-anchor="(?P<anchor>\w+)">(?P<text>[^<]*)</text>'
)
_VIEWBOX = re.compile(r'viewBox="0 0 (?P<width>[\d.]+) (?P<height>[\d.]+)"')


def _labels(svg: str) -> tuple[list[Label], float, float]:
    box = _VIEWBOX.search(svg)
    assert box is not None
    labels = [
        Label(
            html.unescape(m["text"]),
            float(m["x"]),
            float(m["y"]),
            float(m["size"]),
            m["css"],
            m["anchor"],  # type: ignore[arg-type]
            "current" in m["css"],
        )
        for m in _TEXT.finditer(svg)
    ]
    # Every <text> of the chart was understood (none slipped past the pattern).
    assert len(labels) == svg.count("<text "), svg
    return labels, float(box["width"]), float(box["height"])


def _overlap(a: Box, b: Box) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def assert_labels_clear(svg: str) -> list[Label]:
    labels, width, height = _labels(svg)
    for label in labels:
        assert label.box.inside(width, height), f"{label.text!r} cut off at {label.box}"
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a.box, b.box), f"{a.text!r} covers {b.text!r}"
    return labels


def _charts(report: Report) -> list[str]:
    return [c for c in (mood_chart(report), measures_chart(report), incidents_chart(report)) if c]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_charts_have_every_label_clear(name: str) -> None:
    report = example_report(name)
    charts = _charts(report)
    assert len(charts) == 3
    for svg in charts:
        assert_labels_clear(svg)
    # In the examples every score keeps its number, and both cut-offs are named.
    texts = [label.text for label in assert_labels_clear(charts[1])]
    scores = [e for e in report.entries for v in (e.phq9, e.gad7) if v is not None]
    assert len([t for t in texts if t.isdigit()]) - 6 == len(scores)  # 6 axis values
    assert "PHQ-9 cut-off 10" in texts and "GAD-7 cut-off 8" in texts


def test_scores_on_and_beside_the_cut_offs_keep_their_labels() -> None:
    """The collisions once seen: a PHQ-9 of 10 under "PHQ-9 cut-off 10" at the right edge, a
    GAD-7 of 8 hidden, and a month cut to "De" at the right edge."""
    report = report_of(
        [
            entry("2026-10-01", phq9=12, gad7=9),
            entry("2026-11-20", phq9=11, gad7=8),
            entry("2026-11-30", phq9=10, gad7=8, mood_before=4, mood_after=5),
        ],
        period=Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31), "three months"),
    )
    svg = measures_chart(report)
    assert svg is not None
    texts = [label.text for label in assert_labels_clear(svg)]
    scores = [t for t in texts[6:] if t.isdigit()]  # after the six axis values
    assert sorted(scores, key=int) == ["8", "8", "9", "10", "11", "12"]
    assert "PHQ-9 cut-off 10" in texts and "GAD-7 cut-off 8" in texts
    assert "Dec" in texts
    mood = mood_chart(report)
    assert mood is not None and "Dec" in [label.text for label in assert_labels_clear(mood)]


def test_a_label_box_grows_with_its_text_and_size() -> None:
    assert text_width("Dec 2026", 11) > text_width("Dec", 11) > text_width("Dec", 10) > 0
    left = Label("10", 100, 50, 10, "value", "end").box
    middle = Label("10", 100, 50, 10, "value", "middle").box
    assert left.x1 == 100 and middle.x0 < 100 < middle.x1


@st.composite
def _journals(draw: st.DrawFn) -> tuple[list[Entry], Period]:
    start = draw(st.dates(dt.date(2024, 6, 1), dt.date(2025, 6, 1)))
    length = draw(st.integers(0, 500))
    days = draw(st.lists(st.integers(0, length), min_size=1, max_size=40))
    entries = []
    for index, offset in enumerate(sorted(days)):
        day = start + dt.timedelta(days=offset)
        fields = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "phq9": st.integers(0, 27),
                    "gad7": st.integers(0, 21),
                    "mood_before": st.integers(0, 10),
                    "mood_after": st.integers(0, 10),
                    "status": st.sampled_from(["attended", "therapist-cancelled"]),
                    "incidents": st.lists(
                        st.sampled_from(["forgot-details", "jargon", "billing-error"]).map(
                            lambda kind: {"kind": kind}
                        ),
                        max_size=6,
                    ),
                },
            )
        )
        entries.append(entry(day.isoformat(), seq=index + 1, **fields))
    end = start + dt.timedelta(days=length + draw(st.integers(0, 40)))
    begin = start + dt.timedelta(days=draw(st.integers(0, length)))
    return entries, Period(begin, end, "generated")


@settings(max_examples=examples(120), deadline=None)
@given(_journals())
def test_generated_charts_have_every_label_clear(journal: tuple[list[Entry], Period]) -> None:
    entries, period = journal
    for svg in _charts(report_of(entries, period=period)):
        assert_labels_clear(svg)

"""Every talking point, word for word, as the client will read and say it.

For each journal of tests/report/test_words.py (every rule at every severity it has), every
talking point in three forms: said to the therapist in the room (the handout), told about them
in the client's private review, and about a therapist the client has since left for another.
The golden file, ``golden/talking-points.txt``, is meant to be read as a client would read it:
review its diff whenever the words change (``THERAPYLOG_UPDATE_GOLDEN=1``, tests/report/conftest.py).
"""

from __future__ import annotations

import datetime as dt

from tests.analysis.factories import BEN, entry
from tests.report.conftest import assert_golden
from tests.report.test_words import GOALS, JOURNALS
from therapylog.data.model import Entry, Settings
from therapylog.report.build import build_report
from therapylog.report.model import Period
from therapylog.report.talking.point import TalkingPoint
from therapylog.report.talking.points import talking_points
from therapylog.report.talking.review import about_the_therapist

TODAY = dt.date(2026, 11, 22)


def _points(entries: list[Entry]) -> list[TalkingPoint]:
    period = Period(entries[0].date, TODAY, "all entries")
    return talking_points(build_report(entries, GOALS, Settings(), period, today=TODAY))


def _told(point: TalkingPoint) -> list[str]:
    lines = [f"heading: {point.heading}", f"opener: {point.opener}"]
    lines += [f"  - {detail}" for detail in point.details]
    lines += [f"ask: {point.ask}"] if point.ask else []
    lines += [f"aside: {point.aside}"] if point.aside else []
    lines += [f"question: {question}" for question in point.questions]
    return lines


def _document() -> str:
    lines = []
    for name, make in JOURNALS.items():
        entries = make()
        later = entries[-1].date + dt.timedelta(days=7)
        left = [*entries, entry(later, therapist=BEN)]  # the client has moved on to Ben Brook
        moved_on = {(p.finding.rule, p.finding.therapist): p for p in _points(left)}
        for point in _points(entries):
            finding = point.finding
            former = moved_on.get((finding.rule, finding.therapist), point)
            lines += ["", f"## {name}: {finding.rule} ({finding.severity.value})", ""]
            lines += ["### in the room", *_told(point), ""]
            review = about_the_therapist(point)
            if review != point:
                lines += ["### in the private review", *_told(review), ""]
            if former != point:
                lines += ["### after moving on", *_told(former), ""]
    return "\n".join(lines).lstrip("\n") + "\n"


def test_every_talking_point_reads_as_the_golden_file_says() -> None:
    assert_golden("talking-points.txt", _document())

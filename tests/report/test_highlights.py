"""Good news, found in the data: said when true, never invented, in both voices."""

from __future__ import annotations

import datetime as dt

from tests.report.conftest import entry, report_of
from therapylog.data.catalogue import GoalStatus
from therapylog.data.model import Goal
from therapylog.report.highlights import KEEPING_THE_RECORD, good_news

SLEEP = Goal(id="sleep", title="Sleep through the night", created=dt.date(2026, 1, 1))
WORK = Goal(
    id="work", title="Go back to work", created=dt.date(2026, 1, 1), status=GoalStatus.ACHIEVED
)


def texts(*entries, first_person: bool = False, goals=None) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.text for n in good_news(report_of(list(entries), goals), first_person=first_person)]


def test_sessions_that_left_the_client_better() -> None:
    better = entry("2026-11-02", mood_before=3, mood_after=5)
    assert "Your session left you feeling better." in texts(better)
    assert "My session left me feeling better." in texts(better, first_person=True)
    both = [better, entry("2026-11-09", mood_before=4, mood_after=6)]
    assert "Both sessions left you feeling better." in texts(*both)
    worse = [entry(f"2026-11-{d:02d}", mood_before=5, mood_after=3) for d in (3, 10)]
    assert not any("feeling better" in t for t in texts(better, *worse))  # 1 of 3: not news


def test_mood_lift_against_the_months_before() -> None:
    earlier = [entry(f"2026-10-{d:02d}", mood_before=3) for d in (5, 12)]
    now = [entry("2026-11-02", mood_before=5), entry("2026-11-09", mood_before=4)]
    assert (
        "Your mood before sessions averaged 4.5 out of 10, up from 3 in the months before."
        in texts(*earlier, *now)
    )
    assert not any("averaged" in t for t in texts(*earlier, entry("2026-11-02", mood_before=3)))


def test_goal_progress_and_goals_reached() -> None:
    found = texts(
        entry("2026-11-02", progress={"sleep": "slight", "work": "major"}),
        entry("2026-11-09", progress={"sleep": "none"}),
        goals=[SLEEP, WORK],
    )
    assert (
        "Some progress on “Sleep through the night” in 1 session "
        "(last progress: slight, 2 Nov 2026; most recent answer: none, 9 Nov 2026)." in found
    )
    assert "Goal reached: “Go back to work” (most recent: major, 2 Nov 2026)." in found


def test_reliability_and_a_calm_month() -> None:
    calm = texts(entry("2026-11-02"), entry("2026-11-09"))
    assert "Both appointments went ahead as planned." in calm
    assert "You recorded no incidents." in calm
    rough = texts(
        entry("2026-11-02", incidents=[{"kind": "jargon"}]),
        entry("2026-11-09", status="therapist-cancelled"),
    )
    assert not any("as planned" in t or "no incidents" in t for t in rough)


def test_keeping_the_record_when_nothing_else_is_true() -> None:
    found = texts(entry("2026-11-02", status="therapist-cancelled"), first_person=True)
    assert found == [KEEPING_THE_RECORD[True] + "."]


def test_no_good_news_is_made_up_for_an_empty_period() -> None:
    assert texts() == []


def test_goal_progress_never_contradicts_the_most_recent_level() -> None:
    """The case of the issue: "Clear progress … (last: slight)" read as a contradiction."""
    report = report_of(
        [
            entry("2026-11-02", progress={"sleep": "clear"}),
            entry("2026-11-09", progress={"sleep": "clear"}),
            entry("2026-11-16", progress={"sleep": "slight"}),
        ]
    )
    found = [news.text for news in good_news(report)]
    assert (
        "Progress on “sleep” in 3 sessions: clear in 2, slight in 1 "
        "(most recent: slight, 16 Nov 2026)." in found
    )
    assert not any(text.startswith("Clear progress") for text in found)


def test_progress_followed_by_none_is_not_told_as_recent() -> None:
    """Slight on 2 Nov, then none: the good news names the later 'none' too."""
    news = texts(
        entry("2026-11-02", progress={"sleep": "slight"}),
        entry("2026-11-09", progress={"sleep": "none"}),
        entry("2026-11-16", progress={"sleep": "none"}),
        goals=[SLEEP],
    )
    line = next(t for t in news if "Sleep through the night" in t)
    assert "most recent: slight" not in line
    assert "last progress: slight, 2 Nov 2026; most recent answer: none, 16 Nov 2026" in line

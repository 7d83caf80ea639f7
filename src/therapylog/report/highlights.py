"""Good news, found in the data: what went well in the period, said as plainly as a concern.

Positive findings come from the analyzer; these are the smaller facts that a month of
attention deserves to hear too. The same facts speak to the client ("you", in the terminal
report) or in the client's voice ("I", in the summary they bring to the session).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from therapylog.data.catalogue import Status
from therapylog.data.dates import short_day
from therapylog.data.safetext import one_line
from therapylog.data.words import number
from therapylog.report.facts import crossed_a_line, felt_total, last_progress, therapist_caused
from therapylog.report.series import period_mood_shift

if TYPE_CHECKING:
    from therapylog.report.model import GoalProgress, Report

#: Said when nothing else is: true of every journal, and the reason it exists.
KEEPING_THE_RECORD = {
    False: "You kept your record this period: it is what makes patterns visible, good or bad",
    True: "I kept my record this period, so that patterns, good or bad, are there to see",
}
MOOD_GAIN = 1.0  # points of mood before sessions worth calling a lift


@dataclass(frozen=True, slots=True)
class GoodNews:
    headline: str  # one sentence, without its full stop
    detail: str = ""  # a few words of context, shown in brackets

    @property
    def text(self) -> str:
        return self.headline + (f" ({self.detail})" if self.detail else "") + "."


def _words(first_person: bool) -> dict[str, str]:
    if first_person:
        return {"you": "me", "You": "I", "Your": "My"}
    return {"you": "you", "You": "You", "Your": "Your"}


def _felt(report: Report, w: dict[str, str]) -> list[GoodNews]:
    better, total = report.summary.felt.get("better", 0), felt_total(report)
    if not better or better * 2 < total:  # good news, not a silver lining in a bad month
        return []
    if total == 1:
        return [GoodNews(f"{w['Your']} session left {w['you']} feeling better")]
    if better == total:
        every = "Both" if total == 2 else f"All {total}"
        return [GoodNews(f"{every} sessions left {w['you']} feeling better")]
    return [GoodNews(f"{better} of {total} sessions left {w['you']} feeling better")]


def _mood(report: Report, w: dict[str, str]) -> list[GoodNews]:
    shift = period_mood_shift(report)
    if shift is None or shift[1] - shift[0] < MOOD_GAIN:
        return []
    earlier, during = shift
    return [
        GoodNews(
            f"{w['Your']} mood before sessions averaged {number(during)} out of 10, up from "
            f"{number(earlier)} in the months before"
        )
    ]


#: How each level of progress is named in a headline of its own, strongest first.
_LEVEL_WORDS = (("major", "Major"), ("clear", "Clear"), ("slight", "Some"))


def _goal(report: Report, goal: GoalProgress) -> GoodNews | None:
    """Progress on one goal, every level counted, so the headline and the most recent level
    never contradict each other ("Clear progress" when the latest was slight)."""
    title = f"“{one_line(goal.title)}”"
    counts = [(level, word, goal.levels.get(level, 0)) for level, word in _LEVEL_WORDS]
    moved = [(level, word, count) for level, word, count in counts if count]
    if not moved:
        return None
    last = last_progress(report, goal.id)
    latest = f"most recent: {last[0]}, {short_day(last[1])}" if last else ""
    if last and goal.latest == "none" and goal.latest_date is not None:
        # The latest answer was "none": good news must not read as if progress were recent.
        latest = (
            f"last progress: {last[0]}, {short_day(last[1])}; "
            f"most recent answer: none, {short_day(goal.latest_date)}"
        )
    if goal.status == "achieved":
        return GoodNews(f"Goal reached: {title}", latest)
    total = sum(count for _, _, count in moved)
    sessions = "session" if total == 1 else "sessions"
    if len(moved) == 1:
        return GoodNews(f"{moved[0][1]} progress on {title} in {total} {sessions}", latest)
    levels = ", ".join(f"{level} in {count}" for level, _, count in moved)
    return GoodNews(f"Progress on {title} in {total} {sessions}: {levels}", latest)


def _reliability(report: Report, w: dict[str, str]) -> list[GoodNews]:
    summary = report.summary
    attended = summary.by_status.get(Status.ATTENDED, 0)
    if not attended or therapist_caused(report):
        return []
    if summary.appointments == 1:
        return [GoodNews(f"{w['Your']} appointment went ahead as planned")]
    every = "Both" if summary.appointments == 2 else f"All {summary.appointments}"
    return [GoodNews(f"{every} appointments went ahead as planned")]


def _calm(report: Report, w: dict[str, str]) -> list[GoodNews]:
    attended = report.summary.by_status.get(Status.ATTENDED, 0)
    incidents: int = sum(report.summary.incidents_by_category.values())
    if not attended or incidents:
        return []
    return [GoodNews(f"{w['You']} recorded no incidents")]


def good_news(report: Report, *, first_person: bool = False) -> list[GoodNews]:
    """The period's good facts, most telling first; empty only for a period without entries."""
    if not report.summary.entries:
        return []
    w = _words(first_person)
    goals = [news for goal in report.summary.goals if (news := _goal(report, goal))]
    if any(crossed_a_line(report, name) for name in report.therapists):
        # Nothing that reads as praise of a therapist who crossed a line: only the client's
        # own progress (docs/report.md).
        return [*_mood(report, w), *goals] or [GoodNews(KEEPING_THE_RECORD[first_person])]
    found = [*_felt(report, w), *_mood(report, w), *goals, *_reliability(report, w)]
    found += _calm(report, w)
    return found or [GoodNews(KEEPING_THE_RECORD[first_person])]

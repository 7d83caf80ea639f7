"""The handout as Markdown: what the client brings to the session, in their own voice.

Calm headings, the most important topic first, dated moments, the questions that fit, and
the record behind it. User text passes through :func:`md` as in the private review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.dates import short_day
from therapylog.report.days import evidence_days, period_range
from therapylog.report.readers.handout_words import HEADINGS, INTRO, NOTHING_TO_RAISE
from therapylog.report.renderers.markdown_record_behind import record_lines
from therapylog.report.renderers.md_text import md
from therapylog.report.renderers.review_words import NOTHING_YET

if TYPE_CHECKING:
    from therapylog.report.readers.handout import Handout, HandoutPoint


def handout_title(handout: Handout) -> str:
    if handout.therapist is None:
        return "For my next session"
    if handout.closing:
        return f"For a closing session with {handout.therapist}"
    return f"For my next session with {handout.therapist}"


def _point(index: int, point: HandoutPoint) -> list[str]:
    lines = [f"### {index}. {md(point.topic)}", "", md(point.opener), ""]
    if point.details:
        lines += [f"- {md(detail)}" for detail in point.details] + [""]
    if point.ask:
        lines += [md(point.ask), ""]
    if point.evidence:
        lines += [f"*From my entries of {evidence_days(point.evidence)}.*", ""]
    return lines


def _talk(handout: Handout) -> list[str]:
    lines = [f"## {HEADINGS['talk']}", ""]
    if not handout.talk:
        return [*lines, NOTHING_TO_RAISE, ""]
    for index, point in enumerate(handout.talk, 1):
        lines += _point(index, point)
    return lines


def _helping(handout: Handout) -> list[str]:
    items = []
    for point in handout.helping:
        items.append(f"- **{md(point.topic)}.** {md(point.opener)}")
        if point.details:  # a nested list, then the ask as the item's next paragraph
            items += ["", *(f"  - {md(detail)}" for detail in point.details), ""]
        if point.ask:
            items.append(f"  {md(point.ask)}")
    items += [f"- {md(news)}" for news in handout.good_news]
    return [f"## {HEADINGS['helping']}", "", *items, ""] if items else []


def _past(handout: Handout) -> list[str]:
    if not handout.past:
        return []
    lines = [f"## {HEADINGS['past']}", "", md(handout.past_intro), ""]
    return [*lines, *(f"- {md(line)}" for line in handout.past), ""]


def render_handout_markdown(handout: Handout) -> str:
    view = handout.view
    lines = [f"# {md(handout_title(handout))}", ""]
    lines += [f"**Period:** {period_range(view)} · **Prepared:** {short_day(view.generated)}", ""]
    lines += [f"*{INTRO}*", ""]
    lines += _talk(handout) + _helping(handout)
    lines += [f"## {HEADINGS['questions']}", ""]
    lines += [f"- [ ] {md(question)}" for question in handout.questions] + [""]
    lines += _past(handout)
    lines += [f"## {HEADINGS['record']}", ""]
    if not view.entries:
        lines += [NOTHING_YET, ""]
    lines += record_lines(
        view, notes=handout.incident_notes, session_notes=handout.session_notes, zeros=False
    )
    lines += ["---", "", f"*Prepared by me with therapylog on {short_day(view.generated)}.*"]
    return "\n".join(lines).rstrip("\n") + "\n"

"""The handout as one printable page: calm headings, no severity badges, the charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.dates import short_day
from therapylog.report.days import evidence_days, period_range
from therapylog.report.readers.handout_words import HEADINGS, INTRO, NOTHING_TO_RAISE
from therapylog.report.renderers.handout_md import handout_title
from therapylog.report.renderers.html_page import e, page
from therapylog.report.renderers.html_record_behind import record_html
from therapylog.report.renderers.review_words import NOTHING_YET

if TYPE_CHECKING:
    from therapylog.report.readers.handout import Handout, HandoutPoint


def _point(index: int, point: HandoutPoint) -> str:
    parts = [
        f'<article class="point"><h3><span class="num">{index}.</span>{e(point.topic)}</h3>'
        f"<p>{e(point.opener)}</p>"
    ]
    if point.details:
        parts.append("<ul>" + "".join(f"<li>{e(d)}</li>" for d in point.details) + "</ul>")
    if point.ask:
        parts.append(f"<p>{e(point.ask)}</p>")
    if point.evidence:
        parts.append(f'<p class="dates">From my entries of {e(evidence_days(point.evidence))}</p>')
    return "".join(parts) + "</article>"


def _talk(handout: Handout) -> str:
    body = (
        "".join(_point(i, p) for i, p in enumerate(handout.talk, 1))
        or f"<p>{e(NOTHING_TO_RAISE)}</p>"
    )
    return f'<section class="raise"><h2>{HEADINGS["talk"]}</h2>{body}</section>'


def _helping(handout: Handout) -> str:
    items = [
        f'<li><span class="t">{e(p.topic)}</span>'
        + e(p.opener)
        + ("<ul>" + "".join(f"<li>{e(d)}</li>" for d in p.details) + "</ul>" if p.details else " ")
        + e(p.ask)
        + "</li>"
        for p in handout.helping
    ]
    items += [f"<li>{e(news)}</li>" for news in handout.good_news]
    if not items:
        return ""
    return f'<section class="going-well"><h2>{HEADINGS["helping"]}</h2><ul class="good">{"".join(items)}</ul></section>'


def _questions(handout: Handout) -> str:
    items = "".join(f"<li>{e(q)}</li>" for q in handout.questions)
    return f'<section><h2>{HEADINGS["questions"]}</h2><ul class="questions">{items}</ul></section>'


def _past(handout: Handout) -> str:
    if not handout.past:
        return ""
    items = "".join(f"<li>{e(line)}</li>" for line in handout.past)
    return (
        f'<section class="past"><h2>{HEADINGS["past"]}</h2><p>{e(handout.past_intro)}</p>'
        f"<ul>{items}</ul></section>"
    )


def render_handout_html(handout: Handout) -> str:
    view = handout.view
    title = handout_title(handout)
    header = (
        f'<header><h1>{e(title)}</h1><p class="meta"><strong>{e(period_range(view))}</strong>'
        f' · prepared {short_day(view.generated)}</p><p class="intro">{e(INTRO)}</p></header>'
    )
    record = (
        f'<section class="record"><h2>{HEADINGS["record"]}</h2>'
        + ("" if view.entries else f"<p>{NOTHING_YET}</p>")
        + record_html(
            view,
            notes=handout.incident_notes,
            session_notes=handout.session_notes,
            reader="therapist",
        )
        + "</section>"
    )
    body = (
        header
        + _talk(handout)
        + _helping(handout)
        + _questions(handout)
        + _past(handout)
        + record
        + f"<footer>Prepared by me with therapylog on {short_day(view.generated)}, from my own "
        "journal. Please ask me before copying or sharing it.</footer>"
    )
    return page(title, body)

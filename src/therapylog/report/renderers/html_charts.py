"""The charts of the HTML summary, each as a captioned figure with its legend."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from therapylog.data.safetext import printable
from therapylog.report.renderers.svg import (
    INCIDENT_SERIES,
    incident_months,
    incidents_chart,
    measures_chart,
    mood_chart,
    shows_earlier_months,
)

if TYPE_CHECKING:
    from therapylog.report.model import Report


def e(text: str) -> str:
    return html.escape(printable(text), quote=True)


def _legend(items: list[tuple[str, str]]) -> str:
    return (
        '<ul class="legend">'
        + "".join(f'<li><span class="{css}"></span>{e(label)}</li>' for css, label in items)
        + "</ul>"
    )


#: The incidents chart's caption, per reader: the review says what went wrong; the handout
#: names what happened without a verdict; the consultation record speaks of the client.
INCIDENT_CAPTIONS = {
    "me": ("What went wrong, month by month", "incidents I recorded"),
    "therapist": ("What I noted, month by month", "incidents I recorded"),
    "consultation": ("Recorded incidents, month by month", "incidents the client recorded"),
}


def charts(report: Report, *, reader: str = "me") -> str:
    """Mood before and after each session; PHQ-9 and GAD-7 when recorded; incidents."""
    parts = []
    earlier = shows_earlier_months(report)
    mood = mood_chart(report)
    if mood:
        keys = [("before", "before the session"), ("after", "after")]
        keys += [("up", "mood rose"), ("down", "mood fell")]
        keys += [("period", "this period")] if earlier else []
        span = "this period and the months before it" if earlier else "this period"
        parts.append(
            f"<figure><figcaption>Mood before and after each session<small>0 to 10, {span}"
            f"</small></figcaption>{mood}{_legend(keys)}</figure>"
        )
    measures = measures_chart(report)
    if measures:
        legend = _legend([("phq9", "PHQ-9 (depression, 0–27)"), ("gad7", "GAD-7 (anxiety, 0–21)")])
        parts.append(
            "<figure><figcaption>Questionnaire scores<small>lower is better; dashed lines mark "
            f"the usual cut-offs</small></figcaption>{measures}{legend}</figure>"
        )
    incidents = incidents_chart(report)
    if incidents:
        seen = {key for _, counts in incident_months(report) for key, n in counts.items() if n}
        legend = _legend([(key, label) for key, label in INCIDENT_SERIES if key in seen])
        caption, what = INCIDENT_CAPTIONS[reader]
        parts.append(
            f"<figure><figcaption>{caption}<small>{what}, "
            "and sessions the therapist cancelled, missed or moved</small></figcaption>"
            f"{incidents}{legend}</figure>"
        )
    return "".join(parts)

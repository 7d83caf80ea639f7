"""The monthly review for the terminal, as a Rich renderable.

Laid out for 80 columns and wider. Colour only repeats what the words say (a severity is
always named), so the report reads the same piped, under ``NO_COLOR``, or printed. All user
text enters through :class:`rich.text.Text`, never through markup. The findings are drawn by
:mod:`.terminal_findings`, the period in numbers by :mod:`.terminal_numbers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from therapylog.data.dates import short_day
from therapylog.data.safetext import one_line
from therapylog.report.days import is_calendar_month, period_range
from therapylog.report.renderers.review_words import serious_elsewhere, therapists_label
from therapylog.report.renderers.terminal_findings import (
    concerns_section,
    good_news_panel,
    info_section,
    past_sections,
    safety_panel,
)
from therapylog.report.renderers.terminal_layout import section
from therapylog.report.renderers.terminal_numbers import (
    comparison,
    goals_table,
    incidents_table,
    mood_chart,
    numbers_grid,
)
from therapylog.report.talking.points import is_closing

if TYPE_CHECKING:
    from rich.console import RenderableType

    from therapylog.report.model import Report

EMPTY = (
    "No entries in this period. Record an appointment with `therapylog add`, or choose "
    "another period with --month, --since/--until or --all."
)


def _header(report: Report) -> Panel:
    title = "Monthly review" if is_calendar_month(report) else "Review"
    lines = Text()
    label = report.period.label
    lines.append(label.capitalize() if label == "all entries" else one_line(label), style="bold")
    lines.append(
        f"  {period_range(report)} · prepared {short_day(report.generated)}\n", style="dim"
    )
    lines.append("With ")
    lines.append(therapists_label(report), style="bold")
    summary = report.summary
    if summary.entries or report.journal_therapist is None:
        lines.append(
            f" · {summary.appointments} appointment{'s' if summary.appointments != 1 else ''}"
        )
        lines.append(f", {summary.by_status.get('attended', 0)} attended")
    elsewhere = serious_elsewhere(report)
    if elsewhere is not None:
        lines.append(f"\n{elsewhere}", style="bold")
    if report.skipped:
        count = len(report.skipped)
        lines.append(
            f"\n{count} damaged file{'s were' if count != 1 else ' was'} left out; "
            "run `therapylog check` for details.",
            style="yellow",
        )
    return Panel(
        lines,
        title=Text(f"therapylog · {title}", style="bold"),
        title_align="left",
        box=box.ROUNDED,
    )


def render_terminal(report: Report) -> RenderableType:
    """The whole review; print it with a console of any width from 80 columns."""
    if not report.summary.entries:
        safety = safety_panel(report)  # (never hidden, not even by an empty period)
        return Group(_header(report), *([safety] if safety else []), Text(EMPTY))
    parts: list[RenderableType] = [_header(report)]
    safety = safety_panel(report)
    if safety is not None:
        parts.append(safety)
    parts += [good_news_panel(report), concerns_section(report)]
    info = info_section(report)
    if info is not None:
        parts.append(info)
    parts += past_sections(report)
    parts += comparison(report)
    parts += [section("The period in numbers"), numbers_grid(report), Text("")]
    chart = mood_chart(report)
    if chart is not None:
        parts += [chart, Text("")]
    goals = goals_table(report)
    if goals is not None:
        parts += [goals, Text("")]
    parts.append(incidents_table(report))
    parts.append(
        Text(
            f"\nFindings look at your whole history up to "
            f"{short_day(min(report.period.end, report.generated))}. {_export_hint(report)}",
            style="dim",
        )
    )
    return Group(*parts)


def _export_hint(report: Report) -> str:
    if is_closing(report):  # (no next session with a therapist the client has stopped seeing)
        return "`therapylog export --for me` writes this review to keep."
    return "`therapylog export` prepares a summary to bring to your next session."

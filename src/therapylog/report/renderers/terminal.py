"""The monthly review for the terminal, as a Rich renderable.

Laid out for 80 columns and wider. Colour only repeats what the words say (a severity is
always named), so the report reads the same piped, under ``NO_COLOR``, or printed. All user
text enters through :class:`rich.text.Text`, never through markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from therapylog.data.catalogue import RELIABILITY_STATUSES
from therapylog.data.safetext import one_line
from therapylog.report.renderers.common import (
    CATEGORY_LABELS,
    STATUS_LABELS_TO_CLIENT,
    category_counts,
    current_findings,
    evidence_days,
    felt_total,
    is_calendar_month,
    kinds_by_category,
    last_progress,
    number,
    past_courses,
    period_range,
    serious_elsewhere,
    short_day,
    status_counts,
    therapists_label,
)
from therapylog.report.renderers.highlights import good_news
from therapylog.report.renderers.series import measure_series, mood_by_month, sparkline

if TYPE_CHECKING:
    from rich.console import RenderableType

    from therapylog.analysis.findings import Finding
    from therapylog.report.model import Report

SEVERITY_STYLES = {"serious": "bold red", "warning": "yellow", "info": "cyan", "positive": "green"}
SEVERITY_GROUPS = (
    ("serious", "Serious"),
    ("warning", "Worth raising"),
)
SAFETY_RULE = "thoughts-of-self-harm"
INFO_HEADING = "Good to know"
FELT_STYLES = {"better": "green", "same": "", "worse": "red"}
EIGHTHS = " ▏▎▍▌▋▊▉"
EMPTY = (
    "No entries in this period. Record an appointment with `therapylog add`, or choose "
    "another period with --month, --since/--until or --all."
)


def bar(value: float, high: float, width: int) -> str:
    """A horizontal bar of ``width`` cells for ``value`` out of ``high``, in eighths of a cell."""
    cells = max(0.0, min(value / high, 1.0)) * width if high else 0.0
    full, part = int(cells), round((cells - int(cells)) * 8)
    if part == 8:
        full, part = full + 1, 0
    text = "█" * full + (EIGHTHS[part] if part and full < width else "")
    return text + "·" * (width - len(text))


def _section(title: str, style: str = "bold") -> Rule:
    return Rule(Text(title, style=style), align="left", style="dim")


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


def _finding_block(finding: Finding, marker: Text, many_therapists: bool) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(marker, Text(one_line(finding.title), style="bold"))
    where = (
        f"with {one_line(finding.therapist)} · " if many_therapists and finding.therapist else ""
    )
    grid.add_row("", Text(f"{where}{evidence_days(finding.evidence)}", style="dim"))
    grid.add_row("", Text(one_line(finding.explanation)))
    grid.add_row("", Text.assemble(("→ ", "bold cyan"), one_line(finding.suggestion)))
    return grid


def _good_news(report: Report) -> Panel:
    parts: list[RenderableType] = []
    many = len(report.therapists) > 1
    for finding in current_findings(report.findings):
        if finding.severity.value == "positive":
            parts.append(_finding_block(finding, Text("✓", style="bold green"), many))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for news in good_news(report):
        grid.add_row(Text("✓", style="green"), Text(news.text))
    parts.append(grid)
    return Panel(
        Group(*parts),
        title=Text("What's going well", style="bold green"),
        title_align="left",
        border_style="green",
        box=box.ROUNDED,
    )


def _safety(report: Report) -> RenderableType | None:
    """Thoughts of self-harm open the review: calm, and before anything else."""
    found = [f for f in report.findings if f.rule == SAFETY_RULE]
    if not found:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(overflow="fold")
    for finding in found:
        grid.add_row(Text(one_line(finding.title), style="bold"))
        grid.add_row(Text(f"{evidence_days(finding.evidence)}", style="dim"))
        grid.add_row(Text(one_line(finding.explanation)))
        grid.add_row(Text.assemble(("→ ", "bold cyan"), one_line(finding.suggestion)))
    return Panel(
        grid,
        title=Text("First, your safety", style="bold"),
        title_align="left",
        border_style="cyan",
        box=box.ROUNDED,
    )


def _info(report: Report) -> RenderableType | None:
    """Findings for information, in their own calm section after the concerns."""
    group = [f for f in current_findings(report.findings) if f.severity.value == "info"]
    if not group:
        return None
    many = len(report.therapists) > 1
    parts: list[RenderableType] = [_section(f"{INFO_HEADING} ({len(group)})", "bold cyan")]
    for finding in group:
        parts += [_finding_block(finding, Text("·", style="cyan"), many), Text("")]
    return Group(*parts)


def _concerns(report: Report) -> RenderableType:
    many = len(report.therapists) > 1
    parts: list[RenderableType] = []
    current = current_findings(report.findings)
    for severity, heading in SEVERITY_GROUPS:
        group = [f for f in current if f.severity.value == severity and f.rule != SAFETY_RULE]
        if not group:
            continue
        style = SEVERITY_STYLES[severity]
        parts.append(_section(f"{heading} ({len(group)})", style))
        label = Text(f"{severity.upper():<7}", style=style)
        for finding in group:
            parts += [_finding_block(finding, label, many), Text("")]
    if not parts:
        other = " else" if any(f.rule == SAFETY_RULE for f in report.findings) else ""
        return Group(
            _section("Worth raising"),
            Text(f"Nothing{other} stood out as a concern this period.", style="green"),
            Text(""),
        )
    return Group(*parts)


def _past(report: Report) -> list[RenderableType]:
    """Each ended course under its own heading, good news and concerns together: the past."""
    parts: list[RenderableType] = []
    for course in past_courses(report.findings):
        parts.append(_section(f"{course.heading()} (ended {short_day(course.ended)})", "bold"))
        for finding in course.findings:
            severity = finding.severity.value
            if severity == "positive":
                marker = Text("✓", style="bold green")
            else:
                marker = Text(f"{severity.upper():<7}", style=SEVERITY_STYLES[severity])
            parts += [_finding_block(finding, marker, False), Text("")]
    return parts


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _comparison(report: Report) -> list[RenderableType]:
    """Therapists side by side (``report --all`` with two or more)."""
    if not report.comparison:
        return []
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Therapist", overflow="fold", min_width=12, ratio=1)
    table.add_column("sessions", justify="right", no_wrap=True)
    table.add_column("mood before", no_wrap=True)
    table.add_column("better", justify="right", no_wrap=True)
    table.add_column("worse", justify="right", no_wrap=True)
    table.add_column("incidents", justify="right", no_wrap=True)
    table.add_column("alliance", justify="right", no_wrap=True)
    for row in report.comparison:
        start = "–" if row.mood_before_start is None else number(row.mood_before_start)
        lately = "–" if row.mood_before_latest is None else number(row.mood_before_latest)
        name = Text(one_line(row.therapist))
        if row.ended is not None:
            name.append(" (ended)", style="dim")
        table.add_row(
            name,
            str(row.sessions),
            f"{start} → {lately}",
            _percent(row.better_share),
            _percent(row.worse_share),
            "–" if row.incidents_per_10 is None else number(row.incidents_per_10),
            "–" if row.alliance_median is None else f"{number(row.alliance_median)}/40",
        )
    note = Text(
        "Mood before: the first 3 sessions → the last 3. Better, worse: the share of sessions "
        "you rated. Incidents: per 10 appointments. Alliance: the median of your ratings.",
        style="dim",
    )
    return [_section("Your therapists side by side"), table, note, Text("")]


def _appointments(report: Report) -> Table:
    table = Table(
        box=None, show_header=True, header_style="bold", pad_edge=False, title_justify="left"
    )
    table.add_column("Appointments", overflow="fold")
    table.add_column("", justify="right", no_wrap=True)
    rows = status_counts(report)
    for status, count in rows:
        style = "yellow" if status in RELIABILITY_STATUSES else ""
        table.add_row(Text(STATUS_LABELS_TO_CLIENT.get(status, status), style=style), str(count))
    if not rows:
        table.add_row(Text("no entries", style="dim"), "")
    return table


def _felt(report: Report) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("How sessions left you", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    total = felt_total(report)
    for group in ("better", "same", "worse"):
        count = report.summary.felt.get(group, 0)
        table.add_row(group, Text(bar(count, total, 12), style=FELT_STYLES[group]), str(count))
    summary = report.summary
    if summary.mood_before_mean is not None or summary.mood_after_mean is not None:
        before = "–" if summary.mood_before_mean is None else number(summary.mood_before_mean)
        after = "–" if summary.mood_after_mean is None else number(summary.mood_after_mean)
        table.add_row("mood", f"{before} → {after}", "", style="dim")
    return table


def _numbers(report: Report) -> Table:
    grid = Table.grid(padding=(0, 4), expand=False)
    grid.add_column()
    grid.add_column()
    grid.add_row(_appointments(report), _felt(report))
    return grid


def _mood_chart(report: Report) -> RenderableType | None:
    months = mood_by_month(report)
    if not any(month.sessions for month in months):
        return None
    mark = not all(month.in_period for month in months)
    table = Table(box=None, header_style="bold", pad_edge=False, caption_justify="left")
    table.add_column("Mood by month", no_wrap=True)
    table.add_column("sessions", justify="right", no_wrap=True)
    table.add_column("before (0–10)", no_wrap=True)
    table.add_column("after", no_wrap=True)
    for month in months:
        label = Text(("▸ " if month.in_period else "  ") if mark else "")
        label.append(month.label, style="bold" if month.in_period and mark else "")
        cells = []
        for value, style in ((month.before, "blue"), (month.after, "magenta")):
            cell = Text(bar(value, 10, 10) if value is not None else " " * 10, style=style)
            cell.append(f" {number(value):>3}" if value is not None else "    ")
            cells.append(cell)
        table.add_row(
            label, str(month.sessions) if month.sessions else Text("–", style="dim"), *cells
        )
    parts: list[RenderableType] = [table]
    for name, field, high in (("PHQ-9", "phq9", 27), ("GAD-7", "gad7", 21)):
        series = measure_series(report, field)
        if series:
            line = Text(f"{name:<6}", style="bold")
            line.append(sparkline([v for _, v in series], high=high), style="blue")
            line.append(
                f"  {series[0][1]} → {series[-1][1]}  ({short_day(series[0][0])} – {short_day(series[-1][0])})"
            )
            parts.append(line)
    if mark:
        parts.append(Text("▸ months in this period", style="dim"))
    return Group(*parts)


def _goals(report: Report) -> Table | None:
    if not report.summary.goals:
        return None
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Goal", overflow="fold", ratio=1)
    table.add_column("status", no_wrap=True)
    table.add_column("progress recorded", overflow="fold")
    table.add_column("last progress", no_wrap=True)
    for goal in report.summary.goals:
        levels = ", ".join(f"{level} ×{count}" for level, count in goal.levels.items() if count)
        last = last_progress(report, goal.id)
        table.add_row(
            Text(one_line(goal.title)),
            goal.status,
            Text(levels or "none recorded", style="" if levels else "dim"),
            Text(short_day(last[1]) if last else "–", style="" if last else "dim"),
        )
    return table


def _incidents(report: Report) -> Table:
    kinds = kinds_by_category(report.entries)
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Incidents", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("what happened", overflow="fold")
    for category, count in category_counts(report):
        what = ", ".join(
            f"{kind} ×{n}" if n > 1 else kind for kind, n in kinds.get(category, {}).items()
        )
        style = "dim" if not count else ("bold red" if category in ("boundary", "safety") else "")
        table.add_row(
            Text(CATEGORY_LABELS.get(category, category), style=style),
            Text(str(count), style=style),
            what,
        )
    repaired = sum(1 for e in report.entries for i in e.incidents if i.repaired)
    if repaired:
        later = "; ".join(
            f"{i.kind} of {short_day(e.date)}, put right on {short_day(i.repaired_on)}"
            for e in report.entries
            for i in e.incidents
            if i.repaired_on is not None
        )
        table.add_row(
            Text("repaired", style="green"),
            Text(str(repaired), style="green"),
            "acknowledged and made right" + (f" ({later})" if later else ""),
        )
    return table


def render_terminal(report: Report) -> RenderableType:
    """The whole review; print it with a console of any width from 80 columns."""
    if not report.summary.entries:
        safety = _safety(report)  # (never hidden, not even by an empty period)
        return Group(_header(report), *([safety] if safety else []), Text(EMPTY))
    parts: list[RenderableType] = [_header(report)]
    safety = _safety(report)
    if safety is not None:
        parts.append(safety)
    parts += [_good_news(report), _concerns(report)]
    info = _info(report)
    if info is not None:
        parts.append(info)
    parts += _past(report)
    parts += _comparison(report)
    parts += [_section("The period in numbers"), _numbers(report), Text("")]
    chart = _mood_chart(report)
    if chart is not None:
        parts += [chart, Text("")]
    goals = _goals(report)
    if goals is not None:
        parts += [goals, Text("")]
    parts.append(_incidents(report))
    parts.append(
        Text(
            f"\nFindings look at your whole history up to {short_day(min(report.period.end, report.generated))}. `therapylog export` prepares a summary to bring to your next session.",
            style="dim",
        )
    )
    return Group(*parts)

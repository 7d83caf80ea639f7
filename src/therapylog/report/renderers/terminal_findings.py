"""The findings in the terminal review: the client's safety first, what is going well, the
concerns by severity, the findings for information, and each ended course as the past."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from therapylog.data.dates import short_day
from therapylog.data.safetext import one_line
from therapylog.report.days import evidence_days
from therapylog.report.facts import current_findings, past_courses
from therapylog.report.highlights import good_news
from therapylog.report.renderers.review_words import nothing_to_raise
from therapylog.report.renderers.terminal_layout import section

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


def good_news_panel(report: Report) -> Panel:
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


def safety_panel(report: Report) -> RenderableType | None:
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


def info_section(report: Report) -> RenderableType | None:
    """Findings for information, in their own calm section after the concerns."""
    group = [f for f in current_findings(report.findings) if f.severity.value == "info"]
    if not group:
        return None
    many = len(report.therapists) > 1
    parts: list[RenderableType] = [section(f"{INFO_HEADING} ({len(group)})", "bold cyan")]
    for finding in group:
        parts += [_finding_block(finding, Text("·", style="cyan"), many), Text("")]
    return Group(*parts)


def concerns_section(report: Report) -> RenderableType:
    many = len(report.therapists) > 1
    parts: list[RenderableType] = []
    current = current_findings(report.findings)
    for severity, heading in SEVERITY_GROUPS:
        group = [f for f in current if f.severity.value == severity and f.rule != SAFETY_RULE]
        if not group:
            continue
        style = SEVERITY_STYLES[severity]
        parts.append(section(f"{heading} ({len(group)})", style))
        label = Text(f"{severity.upper():<7}", style=style)
        for finding in group:
            parts += [_finding_block(finding, label, many), Text("")]
    if not parts:
        after_safety = any(f.rule == SAFETY_RULE for f in report.findings)
        return Group(
            section("Worth raising"),
            Text(nothing_to_raise(report, after_safety=after_safety), style="green"),
            Text(""),
        )
    return Group(*parts)


def past_sections(report: Report) -> list[RenderableType]:
    """Each ended course under its own heading, good news and concerns together: the past."""
    parts: list[RenderableType] = []
    for course in past_courses(report.findings):
        parts.append(section(f"{course.heading()} (ended {short_day(course.ended)})", "bold"))
        for finding in course.findings:
            severity = finding.severity.value
            if severity == "positive":
                marker = Text("✓", style="bold green")
            else:
                marker = Text(f"{severity.upper():<7}", style=SEVERITY_STYLES[severity])
            parts += [_finding_block(finding, marker, False), Text("")]
    return parts

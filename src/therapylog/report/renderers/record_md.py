"""The consultation record as Markdown: neutral, third person, dated, one part per therapist.

Tables a professional can scan: the appointments by status, the patterns found with the
dated entries behind them, the incidents with the client's notes, and every session with its
moods, ratings and questionnaire scores. No talking points, no advice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.dates import short_day
from therapylog.report.days import period_range
from therapylog.report.readers.record import general_findings
from therapylog.report.readers.record_words import (
    INTRO,
    NO_ENTRIES,
    NO_NOTES,
    RECORD_TITLE,
    SESSION_HEADER,
    STATUS_WORDS,
    damaged,
    measures_line,
    session_cells,
    span,
)
from therapylog.report.renderers.md_text import cell, md, table

if TYPE_CHECKING:
    from therapylog.report.readers.record import ConsultationRecord, FindingFact, TherapistRecord


def _findings(findings: list[FindingFact]) -> list[str]:
    lines = []
    for fact in findings:
        lines.append(f"- **{md(fact.fact)}** (`{fact.rule}`)")
        lines += [f"  - {md(line)}" for line in fact.lines]
    return [*lines, ""] if lines else []


def _therapist(part: TherapistRecord, notes: bool) -> list[str]:
    lines = [f"## {md(part.name)}", "", span(part), ""]
    statuses = [[STATUS_WORDS.get(s, s), str(n)] for s, n in part.by_status.items()]
    lines += ["### Appointments", "", *table(["Status", "Count"], statuses)]
    if part.findings:
        lines += ["### Patterns in the record", "", *_findings(part.findings)]
    if part.incidents:
        rows = [
            [
                short_day(i.day),
                f"`{i.kind}`",
                md(i.description),
                f"yes, {short_day(i.repaired_on)}"
                if i.repaired_on
                else "yes"
                if i.repaired
                else "no",
                *([cell(i.note or "")] if notes else []),
            ]
            for i in part.incidents
        ]
        header = ["Date", "Kind", "Recorded as", "Repaired", *(["Client's note"] if notes else [])]
        lines += ["### Incidents", "", *table(header, rows)]
    if part.sessions:
        measures = measures_line(part)
        rows = [session_cells(entry) for entry in part.sessions]
        lines += [
            "### Sessions",
            "",
            *([measures, ""] if measures else []),
            *table(SESSION_HEADER, rows),
        ]
    return lines


def render_record_markdown(record: ConsultationRecord) -> str:
    report = record.report
    lines = [f"# {RECORD_TITLE}", "", f"**Period:** {period_range(report)}", ""]
    lines += [INTRO.format(day=short_day(report.generated)), ""]
    if not record.notes:
        lines += [NO_NOTES, ""]
    if notice := damaged(len(report.skipped)):
        lines += [f"> {notice}", ""]
    general = general_findings(record)
    if general:
        lines += ["## Across the record", "", *_findings(general)]
    if not record.therapists:
        lines += [NO_ENTRIES, ""]
    for part in record.therapists:
        lines += _therapist(part, record.notes)
    return "\n".join(lines).rstrip("\n") + "\n"

"""The consultation record as one printable page: per therapist, the facts and the charts."""

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
from therapylog.report.readers.select import narrow
from therapylog.report.renderers.html_charts import charts
from therapylog.report.renderers.html_page import e, page

if TYPE_CHECKING:
    from therapylog.report.readers.record import ConsultationRecord, FindingFact, TherapistRecord


def _table(
    header: list[str],
    rows: list[list[str]],
    numeric: frozenset[int] = frozenset(),
    css: str = "",
) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{h}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    cls_attr = f' class="{css}"' if css else ""
    return f"<table{cls_attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _findings(findings: list[FindingFact]) -> str:
    items = "".join(
        f'<li><strong>{e(f.fact)}</strong> <span class="rule">({e(f.rule)})</span>'
        + ("<ul>" + "".join(f"<li>{e(line)}</li>" for line in f.lines) + "</ul>" if f.lines else "")
        + "</li>"
        for f in findings
    )
    return f'<ul class="facts">{items}</ul>'


def _therapist(record: ConsultationRecord, part: TherapistRecord) -> str:
    parts = [f'<section class="therapist"><h2>{e(part.name)}</h2><p>{e(span(part))}</p>']
    statuses = [[e(STATUS_WORDS.get(s, s)), str(n)] for s, n in part.by_status.items()]
    parts.append(
        "<h3>Appointments</h3>" + _table(["Status", "Count"], statuses, frozenset({1}), "compact")
    )
    if part.findings:
        parts.append("<h3>Patterns in the record</h3>" + _findings(part.findings))
    if part.incidents:
        rows = [
            [
                short_day(i.day),
                f"<strong>{e(i.kind)}</strong>: {e(i.description)}",
                f"yes, {short_day(i.repaired_on)}"
                if i.repaired_on
                else "yes"
                if i.repaired
                else "no",
                *([f'<span class="note">{e(i.note or "")}</span>'] if record.notes else []),
            ]
            for i in part.incidents
        ]
        header = [
            "Date",
            "Recorded as",
            "Repaired",
            *(["Client’s note"] if record.notes else []),
        ]
        parts.append("<h3>Incidents</h3>" + _table(header, rows))
    if part.sessions:
        parts.append(charts(narrow(record.report, part.name), reader="consultation"))
        measures = measures_line(part)
        rows = [[e(cell) for cell in session_cells(entry)] for entry in part.sessions]
        parts.append(
            "<h3>Sessions</h3>"
            + (f"<p>{e(measures)}</p>" if measures else "")
            + _table(SESSION_HEADER, rows, frozenset({2, 3, 6, 7}))
        )
    return "".join(parts) + "</section>"


def render_record_html(record: ConsultationRecord) -> str:
    report = record.report
    header = (
        f'<header><h1>{RECORD_TITLE}</h1><p class="meta"><strong>{e(period_range(report))}</strong>'
        f"</p><p>{e(INTRO.format(day=short_day(report.generated)))}</p>"
        + (f"<p>{NO_NOTES}</p>" if not record.notes else "")
        + (f'<p class="notice">{notice}</p>' if (notice := damaged(len(report.skipped))) else "")
        + "</header>"
    )
    general = general_findings(record)
    body = header + (
        f"<section><h2>Across the record</h2>{_findings(general)}</section>" if general else ""
    )
    body += "".join(_therapist(record, part) for part in record.therapists) or (
        f"<p>{NO_ENTRIES}</p>"
    )
    body += (
        f"<footer>Prepared on {short_day(report.generated)} from the client’s own journal.</footer>"
    )
    return page(f"{RECORD_TITLE}: {period_range(report)}", body)

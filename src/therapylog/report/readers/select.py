"""One therapist's part of a report, and the therapists of the past. Pure.

The handout speaks to one therapist; its findings, numbers, charts and record are that
therapist's alone, recomputed from the report's own entries so that nothing of another
therapy reaches it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from therapylog.report.build import summarize
from therapylog.report.facts import current_therapist

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding
    from therapylog.data.model import Entry
    from therapylog.report.model import Report

#: Rules whose finding means no handout is made for that therapist (docs/report.md).
WITHHOLDING_RULES = ("boundary-violation", "felt-unsafe")
_RULE_OF_CATEGORY = {"boundary": "boundary-violation", "safety": "felt-unsafe"}


def _same(report: Report, name: str | None, other: str | None) -> bool:
    return name is not None and other is not None and report.identity.same(name, other)


def chosen_therapist(report: Report, asked: str | None) -> str | None:
    """The handout's therapist, by their display name: the one asked for, else the current
    one (the one of the period's latest entry, or of the latest entry before it when the
    period has none)."""
    if asked is None:
        return current_therapist(report) or report.journal_therapist
    return report.identity.display(asked)


def withholding_rules(report: Report, therapist: str) -> set[str]:
    """``boundary-violation`` and ``felt-unsafe``, as far as the journal records them about
    this therapist: in the findings of the history the report looked at, or as incidents
    anywhere in the journal (after the period's end too)."""
    found = {
        finding.rule
        for finding in report.history_findings
        if finding.rule in WITHHOLDING_RULES and _same(report, finding.therapist, therapist)
    }
    categories = report.misconduct.get(report.identity.key(therapist), frozenset())
    found |= {rule for category, rule in _RULE_OF_CATEGORY.items() if category in categories}
    return found


def narrow(report: Report, therapist: str) -> Report:
    """The report as if only this therapist's entries had been kept; findings about nobody in
    particular (thoughts of self-harm) stay."""

    def mine(entries: list[Entry]) -> list[Entry]:
        return [entry for entry in entries if _same(report, entry.therapist, therapist)]

    def about(findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if f.therapist is None or _same(report, f.therapist, therapist)]

    entries = mine(report.entries)
    chart_entries = mine(report.chart_entries)
    # The handout's period starts no earlier than this therapist's first entry: empty months
    # before it would hint at a therapy the handout leaves out (docs/report.md).
    first = min((entry.date for entry in [*chart_entries, *entries]), default=None)
    period = report.period
    if first is not None and first > period.start:
        period = replace(period, start=min(first, period.end))
    return replace(
        report,
        period=period,
        therapists=[therapist],
        summary=summarize(entries, report.goals, skipped=report.summary.skipped_files),
        findings=about(report.findings),
        history_findings=about(report.history_findings),
        entries=entries,
        chart_entries=chart_entries,
    )


def past_therapists(report: Report, current: str) -> dict[str, dt.date]:
    """Therapists the client no longer sees, by display name, with the day their course
    ended: those the registry marks ended (docs/therapists.md), and those whose entries all
    come before the current therapist's first one."""
    identity = report.identity
    entries = [*report.chart_entries, *report.entries]
    first = min((e.date for e in entries if identity.same(e.therapist, current)), default=None)
    last: dict[str, dt.date] = {}
    for entry in entries:
        name = identity.display(entry.therapist)
        last[name] = max(last.get(name, entry.date), entry.date)
    for finding in report.history_findings:  # seen before the months the report carries
        if finding.therapist is not None and finding.evidence:
            day = dt.date.fromisoformat(finding.evidence[-1][:10])
            last[finding.therapist] = max(last.get(finding.therapist, day), day)
    past = {}
    for name, day in last.items():
        if identity.same(name, current):
            continue
        record = identity.record(name)
        if record is not None and record.ended is not None:
            past[name] = record.ended
        elif first is not None and day < first:
            past[name] = day
    return past

"""The consultation record: what the journal shows, per therapist, for another professional
(a second-opinion therapist, a complaints body). Pure.

Third person and neutral: dated facts as the client recorded them, the appointments by
status, the incidents with their notes (unless left out), the questionnaire scores, and the
patterns the analysis found, each stated as a fact with the entries it rests on. No talking
points and no advice: the reader is a professional forming their own view.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from therapylog.data.catalogue import EARLY_WARNING_CATEGORIES, KINDS_BY_SLUG, Category, Status
from therapylog.data.dates import short_day
from therapylog.data.safetext import printable
from therapylog.report.facts import all_entries
from therapylog.report.readers import FORMAT_NAME, FORMAT_VERSION
from therapylog.report.readers.record_words import STATUS_WORDS

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding
    from therapylog.data.model import Entry
    from therapylog.report.model import Report
    from therapylog.report.readers import ExportOptions

#: What each rule found, in neutral words (docs/analysis.md has the thresholds).
RULE_FACTS: dict[str, str] = {
    "thoughts-of-self-harm": "The latest PHQ-9 answered item by item has item 9 (thoughts of "
    "self-harm) above 0",
    "recurring-empathic-failure": "Repeated empathic failures recorded within a run of "
    "consecutive appointments",
    "rupture-repaired": "An empathic failure acknowledged and repaired by the therapist",
    "therapist-unreliable": "Repeated cancellations, no-shows or short-notice moves by the "
    "therapist within 90 days",
    "boundary-violation": "A boundary violation recorded",
    "felt-unsafe": "The client recorded feeling uncomfortable or unsafe in a session",
    "early-warning": "An unrepaired problem recorded in one of the first three sessions",
    "feeling-worse": "Most recent sessions recorded as ending with the client feeling worse",
    "goal-stagnation": "No progress recorded on active goals in recent sessions that answered",
    "progress-unrecorded": "No goal progress recorded in recent sessions",
    "mood-decline": "Mood before sessions declining over recent sessions",
    "no-improvement": "Mood before sessions not improved after many sessions",
    "reliable-deterioration": "Questionnaire scores reliably worse than at the start",
    "reliable-improvement": "Questionnaire scores reliably better than at the start",
    "recovery": "Questionnaire scores moved from clinical range to below the cut-offs",
    "alliance-low": "Low session ratings by the client (Session Rating Scale style, 0–10 each)",
    "alliance-dip": "Session ratings by the client under the discussion cut-off of the rating scale, or a drop from their own usual level",
}

_FIRST_PERSON = (
    (re.compile(r"\bmy\b"), "the client's"),
    (re.compile(r"\b(I|me)\b"), "the client"),
    (re.compile(r"\bwe\b"), "they"),
)


def third_person(text: str) -> str:
    """A first-person description ("touched me", "I felt judged") about the client."""
    for pattern, words in _FIRST_PERSON:
        text = pattern.sub(words, text)
    return text


@dataclass(frozen=True, slots=True)
class IncidentFact:
    day: dt.date
    kind: str
    description: str  # third person
    repaired: bool
    repaired_on: dt.date | None
    note: str | None


@dataclass(frozen=True, slots=True)
class FindingFact:
    rule: str
    severity: str
    fact: str
    evidence: tuple[str, ...]  # entry ids
    lines: tuple[str, ...]  # "14 Jul 2026: forgot-details (not repaired)", one per entry


@dataclass(frozen=True)
class TherapistRecord:
    name: str
    first: dt.date | None  # first and last entry in the period
    last: dt.date | None
    by_status: dict[str, int]
    sessions: list[Entry]
    incidents: list[IncidentFact]
    findings: list[FindingFact]
    ended: dt.date | None = None  # the client stopped seeing them (docs/therapists.md)


@dataclass(frozen=True)
class ConsultationRecord:
    report: Report
    therapists: list[TherapistRecord]
    notes: bool  # incident notes and session notes shown


#: The incident categories each incident rule counts (docs/analysis.md): the record lists only
#: those, so that its evidence says exactly what the finding rests on.
COUNTED_CATEGORIES: dict[str, frozenset[Category]] = {
    "recurring-empathic-failure": frozenset({Category.EMPATHIC_FAILURE}),
    "rupture-repaired": frozenset({Category.EMPATHIC_FAILURE}),
    "boundary-violation": frozenset({Category.BOUNDARY}),
    "felt-unsafe": frozenset({Category.SAFETY}),
    "early-warning": EARLY_WARNING_CATEGORIES,
    "therapist-unreliable": frozenset(),
}


def _counted(kind: str, rule: str) -> bool:
    categories = COUNTED_CATEGORIES.get(rule)
    known = KINDS_BY_SLUG.get(kind)
    return categories is None or (known is not None and known.category in categories)


def _entry_facts(entry: Entry, rule: str, goals: dict[str, str]) -> str:
    """What an entry holds that the rule rests on, in a few neutral words."""
    parts: list[str] = []
    if entry.status is not Status.ATTENDED:
        parts.append(STATUS_WORDS.get(entry.status, entry.status.value))
    incidents = [
        i.kind + (" (repaired)" if i.repaired else "")
        for i in entry.incidents
        if i.kind and _counted(i.kind, rule)
    ]
    felt = entry.effective_felt
    mood = (
        f"mood {entry.mood_before}→{entry.mood_after}"
        if entry.mood_before is not None and entry.mood_after is not None
        else f"mood before {entry.mood_before}"
        if entry.mood_before is not None
        else ""
    )
    scores = [
        f"{name} {value}"
        for name, value in (("PHQ-9", entry.phq9), ("GAD-7", entry.gad7))
        if value is not None
    ]
    a = entry.alliance
    alliance = (
        f"ratings heard {a.heard}, goals {a.goals}, approach {a.approach}, overall {a.overall}"
        if a is not None
        else ""
    )
    progress = "; ".join(
        f"“{goals.get(goal, goal)}” {level.value}" for goal, level in entry.progress.items()
    )
    if rule in ("feeling-worse",):
        parts += [f"felt {felt.value}" if felt else "", mood]
    elif rule in ("mood-decline", "no-improvement"):
        parts.append(mood)
    elif rule in ("reliable-deterioration", "reliable-improvement", "recovery"):
        parts += scores
    elif rule in ("alliance-low", "alliance-dip"):
        parts.append(alliance)
    elif rule in ("goal-stagnation", "progress-unrecorded"):
        parts.append(f"progress {progress}" if progress else "progress not answered")
    elif rule == "thoughts-of-self-harm":
        items = entry.phq9_items  # when the PHQ-9 was answered item by item
        parts.append(f"PHQ-9 item 9: {items[8]}" if items else "")
    else:
        parts += incidents
    return ", ".join(part for part in parts if part)


#: Reminders to the client about their own note-taking, not facts about the therapy: they stay
#: in the private review (docs/report.md).
NOT_FOR_THE_RECORD = frozenset({"progress-unrecorded"})


def _goal_titles(report: Report) -> dict[str, str]:
    return {goal.id: printable(goal.title) for goal in report.goals}


def _finding(finding: Finding, entries: dict[str, Entry], goals: dict[str, str]) -> FindingFact:
    lines = []
    for entry_id in finding.evidence:
        entry = entries.get(entry_id)
        if entry is not None:
            facts = _entry_facts(entry, finding.rule, goals)
            lines.append(f"{short_day(entry.date)}: {facts}" if facts else short_day(entry.date))
    return FindingFact(
        rule=finding.rule,
        severity=finding.severity.value,
        fact=RULE_FACTS.get(finding.rule, finding.rule),
        evidence=tuple(finding.evidence),
        lines=tuple(lines),
    )


def _therapist(report: Report, name: str, notes: bool) -> TherapistRecord:
    same = report.identity.same
    entries = [e for e in report.entries if same(e.therapist, name)]
    everything = all_entries(report)
    statuses = {status.value: 0 for status in Status}
    for entry in entries:
        statuses[entry.status.value] += 1
    incidents = [
        IncidentFact(
            day=entry.date,
            kind=incident.kind,
            description=third_person(info.description)
            if (info := KINDS_BY_SLUG.get(incident.kind))
            else incident.kind,
            repaired=incident.repaired,
            repaired_on=incident.repaired_on,
            note=printable(incident.note) if notes and incident.note else None,
        )
        for entry in entries
        for incident in entry.incidents
    ]
    findings = [
        _finding(f, everything, _goal_titles(report))
        for f in report.findings
        if f.therapist is not None and same(f.therapist, name) and f.rule not in NOT_FOR_THE_RECORD
    ]
    registered = report.identity.record(name)
    return TherapistRecord(
        ended=registered.ended if registered is not None else None,
        name=name,
        first=entries[0].date if entries else None,
        last=entries[-1].date if entries else None,
        by_status={k: v for k, v in statuses.items() if v},
        sessions=entries,
        incidents=incidents,
        findings=findings,
    )


def build_record(report: Report, options: ExportOptions) -> ConsultationRecord:
    """The record of the period, one part per therapist, in order of first appearance."""
    return ConsultationRecord(
        report=report,
        therapists=[_therapist(report, name, options.notes) for name in report.therapists],
        notes=options.notes,
    )


def general_findings(record: ConsultationRecord) -> list[FindingFact]:
    """Findings about no therapist in particular (thoughts of self-harm)."""
    entries = all_entries(record.report)
    titles = _goal_titles(record.report)
    return [_finding(f, entries, titles) for f in record.report.findings if f.therapist is None]


def record_json(record: ConsultationRecord) -> dict[str, Any]:
    report = record.report
    parts = []
    for therapist in record.therapists:
        rows = [entry.to_json() for entry in therapist.sessions]
        for row in rows:
            row.pop("notes", None)  # the client's diary is not part of the record
            row.pop("tags", None)
            if not record.notes:
                for incident in row["incidents"]:
                    incident.pop("note", None)
        parts.append(
            {
                "name": therapist.name,
                "first": therapist.first.isoformat() if therapist.first else None,
                "last": therapist.last.isoformat() if therapist.last else None,
                "ended": therapist.ended.isoformat() if therapist.ended else None,
                "appointments_by_status": therapist.by_status,
                "findings": [
                    {
                        "rule": f.rule,
                        "severity": f.severity,
                        "fact": f.fact,
                        "evidence": list(f.evidence),
                        "dated": list(f.lines),
                    }
                    for f in therapist.findings
                ],
                "entries": rows,
            }
        )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "reader": "consultation",
        "period": {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        "generated": report.generated.isoformat(),
        "general": [
            {"rule": f.rule, "fact": f.fact, "evidence": list(f.evidence), "dated": list(f.lines)}
            for f in general_findings(record)
        ],
        "therapists": parts,
    }

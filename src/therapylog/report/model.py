"""The report model: everything a renderer needs, computed once, with no knowledge of output.

``build_report`` (in ``report.build``) fills it from the journal; renderers in
``report.renderers`` turn it into text. ``Report.to_json`` is the ``report --json`` contract
(docs/report.md, "The JSON of each document"): ``{"period": {"start", "end"}, "summary":
{...}, "findings": [...]}`` plus a few additive keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from therapylog.analysis.findings import Finding
from therapylog.data.identity import Identity
from therapylog.data.model import Entry, Goal, Thresholds

if TYPE_CHECKING:
    from therapylog.report.compare import TherapistComparison


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str  # "November 2026", "2026-09-01 to 2026-11-22", "all entries"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class GoalProgress:
    """How one goal moved during the period."""

    id: str
    title: str
    status: str
    sessions: int  # attended sessions in the period that recorded a level for this goal
    levels: dict[str, int]  # "none"/"slight"/"clear"/"major" -> count in the period
    latest: str | None  # the latest level recorded in the period
    latest_date: dt.date | None


@dataclass(frozen=True)
class Summary:
    entries: int  # entries in the period, client-caused ones included
    appointments: int  # entries that are appointments (docs/analysis.md)
    by_status: dict[str, int]  # every status, zero included, in catalogue order
    felt: dict[str, int]  # "better", "same", "worse" (much-* folded in), attended sessions
    felt_detail: dict[str, int]  # the five levels of Felt
    mood_before_mean: float | None  # rounded to 1 decimal
    mood_after_mean: float | None
    mood_change_mean: float | None  # mean of (after - before) where both present
    incidents_by_category: dict[str, int]  # every category, zero included
    incidents_by_kind: dict[str, int]  # only kinds that occurred, most frequent first
    goals: list[GoalProgress]
    skipped_files: int = 0  # damaged or unreadable files left out of the analysis

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        for goal in document["goals"]:
            latest = goal["latest_date"]
            goal["latest_date"] = latest.isoformat() if latest is not None else None
        return document


@dataclass(frozen=True)
class Report:
    period: Period
    therapists: list[str]  # therapists with entries in the period (or the one asked for)
    summary: Summary
    findings: list[Finding]  # sorted by severity (SEVERITY_ORDER) then therapist then rule
    entries: list[Entry]  # entries in the period, oldest first
    chart_entries: list[Entry]  # entries from up to 5 months before the period through its end
    goals: list[Goal]
    generated: dt.date
    skipped: list[str] = field(default_factory=list)  # "path: reason" of each damaged file
    #: the display name of the therapist of the period's latest entry
    latest_therapist: str | None = None
    #: the display name of the therapist of the latest entry up to the period's end, whether
    #: or not it falls in the period (who the client is seeing when the period is empty)
    journal_therapist: str | None = None
    #: therapists side by side (``report --all``, two or more therapists), else empty
    comparison: list[TherapistComparison] = field(default_factory=list)
    # Every finding over the history up to the period's end, whether or not its evidence falls
    # in the period: what an export needs to know about a therapist beyond this period.
    history_findings: list[Finding] = field(default_factory=list)
    #: per therapist (identity key), the categories of boundary and safety incidents recorded
    #: anywhere in the journal, after the period's end too: no handout is made for them
    misconduct: dict[str, frozenset[str]] = field(default_factory=dict)
    #: how the report told therapists apart (every spelling of a name to one person)
    identity: Identity = field(default_factory=Identity, compare=False, repr=False)
    thresholds: Thresholds = field(default_factory=Thresholds)  # in force for the findings

    def to_json(self, *, entries: bool = False, notes: bool = True) -> dict[str, Any]:
        """The machine-readable report (``report --json``).

        ``entries=True`` adds the period's entries (``export --format json``); ``notes=False``
        then leaves every free text out: notes, incident notes and tags.
        """
        document: dict[str, Any] = {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "therapists": self.therapists,
            "summary": self.summary.to_json(),
            "findings": [finding.to_json() for finding in self.findings],
            "generated": self.generated.isoformat(),
        }
        past = _past(self.findings)
        if past:
            document["past"] = past
        if self.comparison:
            document["comparison"] = [row.to_json() for row in self.comparison]
        if entries:
            rows = [entry.to_json() for entry in self.entries]
            if not notes:
                for row in rows:
                    row.pop("notes", None)
                    row.pop("tags", None)
                    for incident in row["incidents"]:
                        incident.pop("note", None)
            document["entries"] = rows
        return document


def _past(findings: list[Finding]) -> list[dict[str, Any]]:
    """The ended courses the findings are grouped under (docs/therapists.md): each therapist,
    the day it ended, the heading, and the rules of its findings."""
    courses: dict[str, dict[str, Any]] = {}
    for finding in findings:
        if finding.ended is None or not finding.therapist:
            continue
        course = courses.setdefault(
            finding.therapist,
            {
                "therapist": finding.therapist,
                "ended": finding.ended.isoformat(),
                "heading": f"Your time with {finding.therapist}",
                "rules": [],
            },
        )
        course["rules"].append(finding.rule)
    return list(courses.values())

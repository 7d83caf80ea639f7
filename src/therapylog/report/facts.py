"""Facts derived from a report, the same for every reader: the entries by id, who the summary
is for, tallies, incident rows and the courses that have ended.

Pure functions of a :class:`Report`; nothing here knows about terminals, Markdown or HTML.
The talking points, the readers' documents and the renderers all read them from here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from therapylog.data.catalogue import KINDS_BY_SLUG, RELIABILITY_STATUSES, Category
from therapylog.data.dates import short_day
from therapylog.data.identity import normalise_name
from therapylog.data.safetext import one_line, printable

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding
    from therapylog.data.model import Entry
    from therapylog.report.model import Report

FELT_GROUPS = ("better", "same", "worse")


def day_of(entry_id: str) -> dt.date:
    """The date of an entry id (``2026-07-14`` or ``2026-07-14-2``)."""
    return dt.date.fromisoformat(entry_id[:10])


def all_entries(report: Report) -> dict[str, Entry]:
    """Every entry the report carries, by id (chart history and period)."""
    found = {entry.id: entry for entry in report.chart_entries}
    found.update((entry.id, entry) for entry in report.entries)
    return found


def last_progress(report: Report, goal_id: str) -> tuple[str, dt.date] | None:
    """The latest level above ``none`` recorded for a goal in the period, and its day."""
    for entry in reversed(report.entries):
        level = entry.progress.get(goal_id)
        if entry.attended and level is not None and level.value != "none":
            return level.value, entry.date
    return None


# --- who the summary is for ------------------------------------------------------------------


def same_person(a: str, b: str) -> bool:
    """Whether two display names are one therapist. The report names each therapist by one
    display name (resolved by therapylog.data.identity, docs/therapists.md); normalising here
    only forgives what that leaves (case, punctuation, spacing)."""
    return normalise_name(a) == normalise_name(b)


def current_therapist(report: Report) -> str | None:
    """Who the summary is for: the only (or asked-for) therapist, else the latest one seen."""
    if len(report.therapists) == 1:
        return report.therapists[0]
    if report.latest_therapist is not None:
        return report.latest_therapist
    return report.therapists[-1] if report.therapists else None


def has_ended(report: Report, name: str | None) -> bool:
    """Whether the client has stopped seeing this therapist (``therapists end``, and no entry
    with them since): there is no next session with them, only perhaps a closing one."""
    record = None if name is None else report.identity.record(name)
    return record is not None and record.ended is not None


def crossed_a_line(report: Report, name: str | None) -> bool:
    """Whether the journal records a boundary violation or feeling unsafe with this therapist,
    anywhere in its history: nothing is then addressed to them, and nothing good is said of
    them (docs/report.md)."""
    return name is not None and report.identity.key(name) in report.misconduct


# --- tallies ---------------------------------------------------------------------------------


def felt_total(report: Report) -> int:
    return sum(report.summary.felt.get(group, 0) for group in FELT_GROUPS)


def status_counts(report: Report) -> list[tuple[str, int]]:
    """Statuses that occurred in the period, in catalogue order."""
    return [(status, count) for status, count in report.summary.by_status.items() if count]


def therapist_caused(report: Report) -> int:
    return sum(report.summary.by_status.get(status, 0) for status in RELIABILITY_STATUSES)


def category_counts(report: Report, *, zeros: bool = True) -> list[tuple[str, int]]:
    """Every category, in catalogue order (zeros included: to the client, "no boundary
    incidents" is news; the handout leaves them out, where a row of zeros would read oddly)."""
    counts = report.summary.incidents_by_category
    found = [(category.value, counts.get(category.value, 0)) for category in Category]
    return found if zeros else [(category, count) for category, count in found if count]


def category_of(kind: str) -> str:
    info = KINDS_BY_SLUG.get(kind)
    return info.category.value if info else ""


# --- incidents -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentRow:
    day: dt.date
    entry_id: str
    kind: str
    category: str
    description: str
    repaired: bool
    note: str | None
    repaired_on: dt.date | None = None  # put right in a later session

    @property
    def repaired_label(self) -> str:
        """``yes``, or ``yes, 10 Nov 2026`` when it was put right in a later session."""
        if not self.repaired:
            return ""
        return "yes" if self.repaired_on is None else f"yes, {short_day(self.repaired_on)}"


def incident_rows(entries: Sequence[Entry], *, notes: bool = True) -> list[IncidentRow]:
    """Each incident of the given entries, oldest first, with its category and description."""
    rows = []
    for entry in entries:
        for incident in entry.incidents:
            info = KINDS_BY_SLUG.get(incident.kind)
            rows.append(
                IncidentRow(
                    day=entry.date,
                    entry_id=entry.id,
                    kind=incident.kind,
                    category=info.category.value if info else "",
                    description=info.description if info else incident.kind,
                    repaired=incident.repaired,
                    note=printable(incident.note) if notes and incident.note else None,
                    repaired_on=incident.repaired_on,
                )
            )
    return rows


def kinds_by_category(entries: Sequence[Entry]) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {}
    for row in incident_rows(entries, notes=False):
        found.setdefault(row.category, Counter())[row.kind] += 1
    return found


# --- ended therapy: findings about a course that is over, grouped as the past ---------------


@dataclass(frozen=True, slots=True)
class PastCourse:
    """A therapist the client has stopped seeing, and the report's findings about them."""

    therapist: str
    ended: dt.date
    findings: tuple[Finding, ...]

    def heading(self, *, first_person: bool = False) -> str:
        """``Your time with Dr. A`` in the review; ``About my time with Dr. A`` in a handout."""
        name = one_line(self.therapist)
        return f"About my time with {name}" if first_person else f"Your time with {name}"


def past_courses(findings: Sequence[Finding]) -> list[PastCourse]:
    """The findings about ended courses, per therapist, in the findings' own order."""
    grouped: dict[str, list[Finding]] = {}
    ended: dict[str, dt.date] = {}
    for finding in findings:
        if finding.ended is not None and finding.therapist:
            grouped.setdefault(finding.therapist, []).append(finding)
            ended[finding.therapist] = finding.ended
    return [PastCourse(name, ended[name], tuple(group)) for name, group in grouped.items()]


def current_findings(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that are not about an ended course."""
    return [finding for finding in findings if finding.ended is None]

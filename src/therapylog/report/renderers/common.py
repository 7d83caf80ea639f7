"""Facts every renderer shows, derived once from the report: dates, labels, series, tallies.

Pure functions of a :class:`Report`; nothing here knows about terminals, Markdown or HTML.
Month names are spelled out here so that output never changes with the computer's locale.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from therapylog.data.catalogue import (
    CATEGORY_TITLES,
    KINDS_BY_SLUG,
    RELIABILITY_STATUSES,
    Category,
    Status,
)
from therapylog.data.safetext import one_line, printable

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding
    from therapylog.data.model import Entry
    from therapylog.report.model import Report

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FELT_GROUPS = ("better", "same", "worse")

STATUS_LABELS: dict[str, str] = {
    Status.ATTENDED: "attended",
    Status.THERAPIST_CANCELLED: "cancelled by the therapist",
    Status.THERAPIST_NO_SHOW: "therapist did not come",
    Status.DOUBLE_BOOKED: "double-booked",
    Status.THERAPIST_RESCHEDULED: "moved at short notice",
    Status.CLIENT_CANCELLED: "cancelled by me",
    Status.CLIENT_NO_SHOW: "I did not go",
}
#: The same, spoken to the client (the terminal report) rather than in their voice.
STATUS_LABELS_TO_CLIENT: dict[str, str] = {
    **STATUS_LABELS,
    Status.CLIENT_CANCELLED: "cancelled by you",
    Status.CLIENT_NO_SHOW: "you did not go",
}

CATEGORY_LABELS: dict[str, str] = {
    Category.EMPATHIC_FAILURE: "Empathic failure",
    Category.BOUNDARY: "Boundary",
    Category.SAFETY: "Felt unsafe",
    Category.COMPETENCE: "Competence",
    Category.TREATMENT: "Treatment and communication",
    Category.PRACTICAL: "Practical",
}


def number(value: float) -> str:
    """``5`` for 5.0, ``4.7`` for 4.67: means as a person writes them."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def short_day(day: dt.date) -> str:
    """``14 Jul 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_label(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def day_of(entry_id: str) -> dt.date:
    """The date of an entry id (``2026-07-14`` or ``2026-07-14-2``)."""
    return dt.date.fromisoformat(entry_id[:10])


def join_words(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def list_days(days: Iterable[dt.date]) -> str:
    """``14 Jul, 4 Aug and 18 Aug 2026``: each day once, the year said once per run of a year."""
    unique = sorted(set(days))
    parts: list[str] = []
    for index, day in enumerate(unique):
        last_of_year = index == len(unique) - 1 or unique[index + 1].year != day.year
        parts.append(short_day(day) if last_of_year else f"{day.day} {MONTHS[day.month - 1]}")
    return join_words(parts)


def evidence_days(evidence: Sequence[str]) -> str:
    return list_days(day_of(entry_id) for entry_id in evidence)


def period_range(report: Report) -> str:
    """``1–30 Nov 2026``, ``7 May – 22 Nov 2026``, ``1 Dec 2025 – 5 Jan 2026``."""
    start, end = report.period.start, report.period.end
    if start == end:
        return short_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{short_day(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {short_day(end)}"
    return f"{short_day(start)} – {short_day(end)}"


def is_calendar_month(report: Report) -> bool:
    """Whether the period is one whole calendar month (its label then names it)."""
    start, end = report.period.start, report.period.end
    following = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
    return (
        start.day == 1
        and (start.year, start.month) == (end.year, end.month)
        and (following - end).days == 1
    )


def summary_title(report: Report) -> str:
    """``My therapy review: November 2026`` for a month, else ``My therapy review``: the
    private review (``export --for me``)."""
    if is_calendar_month(report):
        return f"My therapy review: {one_line(report.period.label)}"
    return "My therapy review"


def same_person(a: str, b: str) -> bool:
    """Whether two display names are one therapist. The report names each therapist by one
    display name (resolved by therapylog.data.identity, docs/therapists.md); normalising here
    only forgives what that leaves (case, punctuation, spacing)."""
    from therapylog.data.identity import normalise_name

    return normalise_name(a) == normalise_name(b)


def current_therapist(report: Report) -> str | None:
    """Who the summary is for: the only (or asked-for) therapist, else the latest one seen."""
    if len(report.therapists) == 1:
        return report.therapists[0]
    if report.latest_therapist is not None:
        return report.latest_therapist
    return report.therapists[-1] if report.therapists else None


def crossed_a_line(report: Report, name: str | None) -> bool:
    """Whether the journal records a boundary violation or feeling unsafe with this therapist,
    anywhere in its history: nothing is then addressed to them, and nothing good is said of
    them (docs/report.md)."""
    return name is not None and report.identity.key(name) in report.misconduct


def therapists_label(report: Report) -> str:
    if not report.therapists and report.journal_therapist is not None:
        return f"{one_line(report.journal_therapist)} (no appointments this period)"
    return join_words([one_line(name) for name in report.therapists]) or "no therapist yet"


def serious_elsewhere(report: Report) -> str | None:
    """One line pointing to serious findings the period leaves out (their evidence lies
    before it), so that a quiet month never hides them; ``None`` when there are none."""
    shown = {(f.rule, f.therapist) for f in report.findings}
    months = sorted(
        {
            (day.year, day.month)
            for f in report.history_findings
            if f.severity.value == "serious" and (f.rule, f.therapist) not in shown and f.evidence
            for day in (day_of(f.evidence[-1]),)
        }
    )
    if not months:
        return None
    years = {year for year, _ in months}
    names = [
        dt.date(year, month, 1).strftime("%B") + ("" if len(years) == 1 else f" {year}")
        for year, month in months
    ]
    when = join_words(names) + (f" {months[0][0]}" if len(years) == 1 else "")
    if len(months) == 1:
        return f"A serious finding from {when} lies outside this period: `therapylog report --all` shows it."
    return f"Serious findings from {when} lie outside this period: `therapylog report --all` shows them."


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


def category_title(category: str) -> str:
    try:
        return CATEGORY_TITLES[Category(category)]
    except ValueError:
        return category


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

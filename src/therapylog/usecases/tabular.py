"""Entries as CSV for a spreadsheet (``list --csv``). Pure: entries in, text out.

One row per entry, one column per field. The alliance is four columns; incidents and
progress, which hold several values, are flattened into one cell each (docs/finding.md):

- incidents: ``kind: note; kind2 (repaired)``, ``(repaired 2026-11-20)`` when it was put
  right in a later session;
- progress: ``goal=level; goal2=level``;
- tags: ``tag, tag2``;
- questionnaire item answers: ``1 2 0 3 …`` (space-separated, so no cell starts with a sign).

Quoting follows RFC 4180 (the ``csv`` module: commas, quotes and line breaks quoted, CRLF
between rows). A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, so a text cell starting with one of those, a tab or a carriage return gets a
leading apostrophe (the OWASP advice on CSV injection); numbers stay numbers. Text is cleaned
by the one output cleaner (safetext): a carriage return becomes a line break, other control
characters but tab are replaced, as on the terminal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from therapylog.data.model import Entry
from therapylog.data.safetext import printable

COLUMNS = (
    "id",
    "date",
    "therapist",
    "status",
    "mood_before",
    "mood_after",
    "felt",
    "felt_derived",
    "progress",
    "incidents",
    "alliance_heard",
    "alliance_goals",
    "alliance_approach",
    "alliance_overall",
    "phq9",
    "gad7",
    "phq9_items",
    "gad7_items",
    "tags",
    "notes",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Between rows, as RFC 4180 asks (a line break inside a cell stays a plain newline).
ROW_END = "\r\n"


def _text(value: str) -> str:
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return printable(value)


def _incidents(entry: Entry) -> str:
    parts = []
    for incident in entry.incidents:
        part = incident.kind
        if incident.repaired:
            when = incident.repaired_on
            part += f" (repaired {when.isoformat()})" if when is not None else " (repaired)"
        parts.append(f"{part}: {incident.note}" if incident.note else part)
    return "; ".join(parts)


def _items(answers: list[int] | None) -> str:
    return "" if answers is None else " ".join(str(answer) for answer in answers)


def entry_row(entry: Entry) -> list[Any]:
    """The cells of ``entry``, in the order of :data:`COLUMNS`: numbers as ``int``, text
    already guarded, absent values empty."""
    felt = entry.effective_felt
    alliance = entry.alliance
    scores: list[Any] = (
        ["", "", "", ""]
        if alliance is None
        else [alliance.heard, alliance.goals, alliance.approach, alliance.overall]
    )
    text_cells = {
        "therapist": entry.therapist,
        "progress": "; ".join(f"{goal}={level.value}" for goal, level in entry.progress.items()),
        "incidents": _incidents(entry),
        "tags": ", ".join(entry.tags),
        "notes": entry.notes,
    }
    guarded = {key: _text(value) for key, value in text_cells.items()}
    return [
        entry.id,
        entry.date.isoformat(),
        guarded["therapist"],
        entry.status.value,
        "" if entry.mood_before is None else entry.mood_before,
        "" if entry.mood_after is None else entry.mood_after,
        "" if felt is None else felt.value,
        "true" if entry.felt is None and felt is not None else "false",
        guarded["progress"],
        guarded["incidents"],
        *scores,
        "" if entry.phq9 is None else entry.phq9,
        "" if entry.gad7 is None else entry.gad7,
        _items(entry.phq9_items),
        _items(entry.gad7_items),
        guarded["tags"],
        guarded["notes"],
    ]


def entries_csv(entries: Iterable[Entry]) -> str:
    """A header row and one row per entry, in the order given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ROW_END)
    writer.writerow(COLUMNS)
    writer.writerows(entry_row(entry) for entry in entries)
    return out.getvalue()

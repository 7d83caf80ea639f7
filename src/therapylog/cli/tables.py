"""Rich renderables for entries. Return renderables; never print.

The ``list`` table is plain text, drawn by :mod:`therapylog.cli.listing` (Rich was too slow
for thousands of rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from therapylog.data.model import Entry, Incident
from therapylog.data.safetext import one_line, printable

if TYPE_CHECKING:
    from therapylog.usecases.query import MatchingLine


def _mood(entry: Entry) -> str:
    if entry.mood_before is None and entry.mood_after is None:
        return ""
    before = "?" if entry.mood_before is None else str(entry.mood_before)
    after = "?" if entry.mood_after is None else str(entry.mood_after)
    return f"{before} → {after}"


def _repaired(incident: Incident) -> str:
    if not incident.repaired:
        return ""
    if incident.repaired_on is None:
        return " (repaired)"
    return f" (repaired on {incident.repaired_on.isoformat()})"


def entry_panel(entry: Entry) -> Panel:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row("date", entry.date.isoformat())
    facts.add_row("therapist", Text(one_line(entry.therapist)))
    facts.add_row("status", entry.status.value)
    if _mood(entry):
        facts.add_row("mood", _mood(entry))
    felt = entry.effective_felt
    if felt is not None:
        derived = "" if entry.felt is not None else " (from the moods)"
        facts.add_row("felt", felt.value + derived)
    for goal_id, level in entry.progress.items():
        facts.add_row("progress", Text(f"{one_line(goal_id)}: {level.value}"))
    for incident in entry.incidents:
        text = incident.kind + _repaired(incident)
        if incident.note:
            text += f": {incident.note}"
        facts.add_row("incident", Text(printable(text)))
    if entry.alliance is not None:
        a = entry.alliance
        facts.add_row(
            "alliance",
            f"{a.total}/40 (heard {a.heard}, goals {a.goals}, approach {a.approach}, overall {a.overall})",
        )
    for name, score, items in (
        ("PHQ-9", entry.phq9, entry.phq9_items),
        ("GAD-7", entry.gad7, entry.gad7_items),
    ):
        if score is not None:
            answers = f" (answers {', '.join(map(str, items))})" if items is not None else ""
            facts.add_row(name, f"{score}{answers}")
    if entry.tags:
        facts.add_row("tags", Text(", ".join(one_line(tag) for tag in entry.tags)))
    parts: list[Table | Text] = [facts]
    if entry.notes:
        parts.append(Text("\n" + printable(entry.notes)))
    return Panel(Group(*parts), title=entry.id, title_align="left", expand=False)


#: How a match is shown in ``search`` (a Rich style applied to a span, never markup).
MATCH_STYLE = "bold reverse"


def search_results(found: Sequence[tuple[Entry, Sequence[MatchingLine]]]) -> Group:
    """Each entry (id, date, therapist, status), then its lines that hold the match, the match
    itself highlighted. User text goes into ``Text`` objects, so markup in it stays literal;
    control characters are made visible by the same cleaner as the ``list`` table."""
    parts: list[Text] = []
    for number, (entry, lines) in enumerate(found):
        heading = Text(("\n" if number else "") + entry.id, style="bold")
        heading.append(f"  {one_line(entry.therapist)}  {entry.status.value}")
        parts.append(heading)
        for line in lines:
            text = Text(f"  {line.source}: ")
            offset = len(text)
            text.append(printable(line.text))  # one character for one: the spans still fit
            for span in line.spans:
                text.stylize(MATCH_STYLE, offset + span.start, offset + span.end)
            parts.append(text)
    return Group(*parts)

"""What ``add`` says besides the new entry's id: where to turn when thoughts of self-harm are
recorded, and a note when a day now has more than one entry. On stderr, so that ``--json``
stays JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.cli import context

if TYPE_CHECKING:
    import datetime as dt

    from therapylog.data.model import Entry
    from therapylog.journal.storage import Journal


def say_where_to_turn_now(day: dt.date, phq9_items: list[int]) -> None:
    """In the interview, the moment PHQ-9 item 9 is answered above 0: the same words as
    after saving, said before the interview goes on."""
    from therapylog.data.model import Entry

    say_where_to_turn(Entry(id=day.isoformat(), date=day, therapist="", phq9_items=phq9_items))
    context.echo("", err=True)


def say_where_to_turn(entry: Entry) -> None:
    """The moment an answer about thoughts of self-harm is recorded, say calmly where to turn
    (docs/analysis.md, "Thoughts of self-harm"); on stderr, so that ``--json`` stays JSON."""
    import shutil
    import sys
    import textwrap

    from therapylog.analysis.safety import WHERE_TO_TURN, self_harm_answer, self_harm_explanation

    if self_harm_answer(entry):
        paragraphs = [self_harm_explanation(entry), WHERE_TO_TURN]
        if sys.stderr.isatty():  # a calm message is not cut mid-word by the terminal
            width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
            paragraphs = [textwrap.fill(text, width) for text in paragraphs]
        context.echo("\n" + "\n\n".join(paragraphs), err=True)


def note_same_day(journal: Journal, entry: Entry) -> None:
    """A second entry on a day is allowed (two appointments), but say so: it may be a repeat."""
    from therapylog.data.dates import short_day
    from therapylog.data.words import join
    from therapylog.usecases.recording import ids_on_day

    same_day = ids_on_day(journal.entry_names(), entry.date)
    if len(same_day) < 2:
        return
    context.echo(
        f"note: {short_day(entry.date)} now has {len(same_day)} entries "
        f"({join(same_day)}); this one is {entry.id}. If it repeats an earlier one, "
        f"remove it with `therapylog rm {entry.id}`",
        err=True,
    )

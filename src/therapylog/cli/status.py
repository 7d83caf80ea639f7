"""``therapylog status``: the latest entry, the usual rhythm, and a gentle nudge.

Made to run unattended (a shell profile, cron): it never prompts, and whenever it could look
at all it exits 0, whether or not anything is due. A missing or unreadable journal is one
line, not a failure. docs/reminders.md shows how to run it regularly.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from therapylog.cli import context

if TYPE_CHECKING:
    from therapylog.data.identity import Identity
    from therapylog.data.model import Entry, Settings


def status(
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print nothing unless something is due (for a shell profile)."
        ),
    ] = False,
) -> None:
    """Show your latest entry, how often you usually have appointments, and what is due.

    Exits 0 whether or not something is due, so it can run from a shell profile or cron.

    Example: therapylog status --quiet
    """
    from therapylog.data.dates import today as todays_date
    from therapylog.data.errors import JournalError

    today = todays_date()
    journal = context.open_journal(ask=False)  # from a shell profile: never a prompt
    if not journal.root.is_dir():
        if not quiet:
            context.echo(f"No journal at {journal.root} yet. Start it with `therapylog add`.")
        return
    try:
        entries = journal.read_entries().entries
        settings, _ = journal.read_settings()
        registry, _ = journal.read_therapists()  # damaged: names matched by spelling alone
    except JournalError as error:
        if not quiet:
            context.echo(f"Could not look at the journal: {error}")
        return
    from therapylog.usecases.roster import identity_for

    identity = identity_for(registry, entries)
    for line in status_lines(entries, settings, identity, today=today, quiet=quiet):
        context.echo(line)


def status_lines(
    entries: list[Entry], settings: Settings, identity: Identity, *, today: dt.date, quiet: bool
) -> list[str]:
    """What ``status`` says; with ``quiet``, only what is due (often nothing)."""
    from therapylog.data.safetext import one_line
    from therapylog.data.words import join
    from therapylog.usecases.reminders import (
        MONTHLY_DAYS,
        Rhythm,
        cadence,
        missing_appointment,
        questionnaires_due,
    )

    if not entries:
        return (
            []
            if quiet
            else ["No entries yet. Record your first appointment with `therapylog add`."]
        )
    lines: list[str] = []
    latest = entries[-1]
    therapist = one_line(identity.display(latest.therapist))
    record = identity.record(latest.therapist)
    ended = record.ended if record is not None and record.ended is not None else None
    if not quiet:
        lines.append(
            f"Last entry: {_day(latest.date, today)} ({latest.id}), with {therapist}: "
            f"{latest.status.value}."
        )
        found = cadence(entries, identity)
        if ended is not None and ended >= latest.date:
            lines.append(f"You ended your sessions with {therapist} on {_day(ended, today)}.")
        elif found is not None and found.rhythm is Rhythm.IRREGULAR:
            lines.append(f"Your appointments with {therapist} have no regular rhythm.")
        elif found is not None:
            lines.append(f"You usually see {therapist} {found.rhythm.value}.")
    gap = missing_appointment(entries, today=today, identity=identity)
    if gap is not None:
        lines.append(
            f"Your last entry is from {_day(gap.last, today)}; you usually see {therapist} "
            f"{gap.cadence.rhythm.value}. Did you have a session since? "
            f"`therapylog add --date {gap.expected.isoformat()}`"
        )
    due = questionnaires_due(entries, today=today, rhythm=settings.questionnaire_rhythm)
    if due:
        names = join([q.name for q in due])
        why = {
            "monthly": f"none in the last {MONTHLY_DAYS} days",
            "every-4th": "none in your last three sessions",
            "every-session": "you fill them in at every session",
        }[settings.questionnaire_rhythm.value]
        options = join([f"--{q.key}" for q in due])
        lines.append(
            f"Due at your next session: the {names} ({why}). "
            f"`therapylog add` asks them, or give {options}."
        )
    elif not quiet:
        lines.append("No questionnaires are due.")
    return lines


def _day(day: dt.date, today: dt.date) -> str:
    """``3 Nov``, with the year when it is not this year's."""
    from therapylog.data.dates import short_month

    text = f"{day.day} {short_month(day.month)}"
    return text if day.year == today.year else f"{text} {day.year}"

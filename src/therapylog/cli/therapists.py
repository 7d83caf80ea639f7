"""The ``therapists`` commands: who the client has seen, and telling therapylog who is who.

Each parses, calls the library (:mod:`therapylog.usecases.roster`), saves the registry and prints.
Entries are never rewritten: a change to the registry changes how they are read, at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from therapylog.cli import context
from therapylog.data import dates
from therapylog.data.dates import DATE_FORMS
from therapylog.data.safetext import one_line

if TYPE_CHECKING:
    from therapylog.data.identity import Registry
    from therapylog.journal.storage import Journal, Snapshot
    from therapylog.usecases.roster import TherapistRow

app = typer.Typer(
    help=(
        "Your therapists. Without a command: each one with other spellings, first and last "
        "appointment, sessions attended, and active or ended (--json for JSON). A therapist "
        "is a person, not a spelling: `merge` and `rename` tell therapylog who is who, `end` "
        "marks a therapy you have stopped.\n\nExample: therapylog therapists merge "
        '"Dr. Lee" "Dr Leee"'
    ),
    invoke_without_command=True,
    no_args_is_help=False,
)

Name = Annotated[str, typer.Argument(metavar="NAME", help="The therapist, in any spelling.")]


@app.callback()
def therapists(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print the therapists as JSON.")] = False,
) -> None:
    """List your therapists: aliases, first and last appointment, sessions attended, and
    whether you still see them.

    Example: therapylog therapists --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from therapylog.usecases.roster import roster

    snapshot = _snapshot(context.open_journal())
    rows = roster(snapshot.entries, _registry(snapshot))
    if json:
        context.print_json([row.to_json() for row in rows])
        return
    if not rows:
        context.echo("No therapists yet. Record a session with `therapylog add`.")
        return
    context.echo(_table(rows))


def _snapshot(journal: Journal) -> Snapshot:
    snapshot = journal.snapshot()
    if snapshot.therapists_problem is not None:
        context.echo(context.registry_warning(snapshot.therapists_problem), err=True)
    return snapshot


def _registry(snapshot: Snapshot) -> Registry:
    from therapylog.data.identity import Registry

    return snapshot.therapists if snapshot.therapists is not None else Registry()


def _table(rows: list[TherapistRow]) -> str:
    from rich.cells import cell_len

    header = ("therapist", "also spelled", "first", "last", "sessions", "status")
    cells = [header] + [
        (
            one_line(row.name),
            one_line(", ".join(row.aliases)),
            row.first.isoformat() if row.first else "-",
            row.last.isoformat() if row.last else "-",
            str(row.sessions),
            "active" if row.active else f"ended {row.ended.isoformat() if row.ended else ''}",
        )
        for row in rows
    ]
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = [cell + " " * (widths[i] - cell_len(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def _find(snapshot: Snapshot, name: str) -> TherapistRow:
    from therapylog.usecases.roster import find_therapist

    return find_therapist(name, snapshot.entries, _registry(snapshot))


def end(
    name: Name,
    date: Annotated[
        str | None,
        typer.Option(metavar="DATE", help=f"The day it ended ({DATE_FORMS}). Default: today."),
    ] = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="A few words about the ending.")
    ] = None,
) -> None:
    """Mark a therapy as ended: its findings are then told as the past. A session with them
    after that day makes them active again.

    Example: therapylog therapists end "Dr. Lee" --date 2026-09-30 --note "we agreed to stop"
    """
    from therapylog.data.dates import parse_day
    from therapylog.usecases.course import course_summary
    from therapylog.usecases.roster import check_end_date, end_therapist, identity_for

    journal = context.open_journal()
    today = dates.today()
    day = (
        parse_day(date, today=today, option="--date", allow_future=True)
        if date is not None
        else today
    )
    snapshot = _snapshot(journal)
    row = _find(snapshot, name)
    check_end_date(row, day, today)
    text = note.strip() if note else None
    registry = journal.save_therapists(lambda current: end_therapist(current, row, day, text))
    context.echo(f"Marked your therapy with {one_line(row.name)} as ended on {day.isoformat()}.")
    identity = identity_for(registry, snapshot.entries)
    for line in course_summary(
        row.name, snapshot.entries, snapshot.goals, snapshot.settings.thresholds, identity
    ):
        context.echo(one_line(line))


def reopen(name: Name) -> None:
    """Mark a therapy as ongoing again (undo `therapists end`).

    Example: therapylog therapists reopen "Dr. Lee"
    """
    from therapylog.usecases.roster import reopen_therapist

    journal = context.open_journal()
    row = _find(_snapshot(journal), name)
    journal.save_therapists(lambda current: reopen_therapist(current, row))
    context.echo(f"{one_line(row.name)} is active again.")


def rename(
    name: Name,
    new: Annotated[str, typer.Argument(metavar="NEW", help="The name to show from now on.")],
) -> None:
    """Change how a therapist is named; the old name stays as an alias. Entries keep the
    names as you typed them.

    Example: therapylog therapists rename "Dr Lee" "Dr. Anna Lee"
    """
    from therapylog.usecases.roster import rename_therapist, roster

    journal = context.open_journal()
    snapshot = _snapshot(journal)
    row = _find(snapshot, name)
    rows = roster(snapshot.entries, _registry(snapshot))
    registry = journal.save_therapists(lambda current: rename_therapist(current, row, new, rows))
    shown = registry.find(new)
    context.echo(f"{one_line(row.name)} is now {one_line(shown.name if shown else new)}.")


def merge(
    name: Name,
    other: Annotated[
        str, typer.Argument(metavar="OTHER", help="Another spelling or person to join to NAME.")
    ],
) -> None:
    """Join OTHER to NAME: every spelling of OTHER becomes an alias of NAME, and the analysis
    sees one history at once. Entries are not rewritten.

    Example: therapylog therapists merge "Dr. Lee" "Dr Leee"
    """
    from therapylog.usecases.roster import merge_therapists

    journal = context.open_journal()
    snapshot = _snapshot(journal)
    row = _find(snapshot, name)
    other_row = _find(snapshot, other)
    journal.save_therapists(lambda current: merge_therapists(current, row, other_row))
    sessions = row.sessions + other_row.sessions
    context.echo(
        f"{one_line(other_row.name)} is now part of {one_line(row.name)} "
        f"({sessions} attended sessions in all)."
    )


app.command("end")(end)
app.command("reopen")(reopen)
app.command("rename")(rename)
app.command("merge")(merge)

"""Commands about one entry already in the journal: show, edit, rm. Each parses, calls the
library, prints. (``add`` is in :mod:`therapylog.cli.add`, ``list`` in
:mod:`therapylog.cli.finding`.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from therapylog.cli import completion, context
from therapylog.data.safetext import one_line

if TYPE_CHECKING:
    from therapylog.data.model import Entry


def show(
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The entry's id, e.g. 2026-11-20.",
            autocompletion=completion.entry_ids,
        ),
    ],
    json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
) -> None:
    """Show one entry.

    Example: therapylog show 2026-11-20
    """
    from therapylog.cli.tables import entry_panel

    entry = context.open_journal().read_entry(entry_id)
    if json:
        context.print_json(entry.to_json())
    else:
        context.console().print(entry_panel(entry))


def edit(
    entry_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The entry's id.", autocompletion=completion.entry_ids),
    ],
) -> None:
    """Open an entry's file in $EDITOR; it is checked when you save and kept only if valid.

    Example: EDITOR=nano therapylog edit 2026-11-20
    """
    from therapylog.journal.editing import EditOutcome, apply_edit
    from therapylog.journal.stopping import stop_on_signals

    journal = context.open_journal()
    original = journal.read_entry(entry_id)
    with stop_on_signals():  # SIGTERM, SIGHUP: the copy is removed, the text kept
        outcome = apply_edit(journal, original, editor=_edit_text, retry=_ask_to_retry)
    messages = {
        EditOutcome.UNCHANGED: f"{entry_id}: no changes",
        EditOutcome.SAVED: f"{entry_id}: saved",
    }
    context.echo(messages[outcome])


def _edit_text(data: bytes) -> bytes | None:
    from therapylog.cli.editor import edit_text

    return edit_text(data, suffix=".toml")


def _ask_to_retry(reason: str) -> bool:
    if not context.is_interactive():
        return False
    context.echo(f"That is not a valid entry: {reason}", err=True)
    try:
        return context.confirm(
            "Edit it again? (No keeps your text aside and leaves the entry as it was)",
            default=True,
        )
    except typer.Abort:  # Ctrl-C or Ctrl-D: the library keeps the text aside and says where
        context.echo("", err=True)
        raise KeyboardInterrupt from None


def remove(
    entry_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The entry's id.", autocompletion=completion.entry_ids),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an entry (asks first unless --yes).

    Example: therapylog rm 2026-11-20 --yes
    """
    from therapylog.data.errors import InputError

    journal = context.open_journal()
    entry = journal.read_entry(entry_id)
    if not yes:
        if not context.is_interactive():
            raise InputError(f"rm: refusing to delete {entry_id} without confirmation; add --yes")
        if not context.confirm(_removal_question(entry), default=False):
            context.echo("Nothing deleted.")
            return
    path = journal.remove_entry(entry_id)
    context.echo(f"deleted {entry_id} ({path})")


def _removal_question(entry: Entry) -> str:
    """``Delete the entry of 9 Oct 2026 with Dr. B (2026-10-09)?``"""
    from therapylog.data.catalogue import Status
    from therapylog.data.dates import short_day
    from therapylog.report.labels import STATUS_LABELS_TO_CLIENT

    what = f"the entry of {short_day(entry.date)} with {one_line(entry.therapist)}"
    if entry.status is not Status.ATTENDED:
        what += f", {STATUS_LABELS_TO_CLIENT[entry.status]}"
    return f"Delete {what} ({entry.id})?"

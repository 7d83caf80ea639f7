"""The interview with its draft: offered back after an interruption, kept after every answer.

The draft itself (where and how it is written) is :mod:`therapylog.journal.drafts`; this module only
talks to the person at the terminal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from therapylog.cli import context
from therapylog.cli.answers import Answers, say, typer_ask, yes_no
from therapylog.cli.interview import Interviewed, Known, interview
from therapylog.data.errors import DamagedFileError, InputError, Interrupted
from therapylog.journal import drafts
from therapylog.journal.layout import RESCUE_DIR

_KEPT = "stopped; your answers are kept for `therapylog add` to continue"


def interview_with_draft(root: Path, known: Known) -> Interviewed:
    """Run the interview, continuing an unfinished one if the user wants to.

    Ctrl-C or Ctrl-D after some answers ends in :class:`Interrupted`, saying they are kept.
    """
    kept: dict[str, str] = {}
    started = _now(known.today)
    draft = _unfinished(root)
    if draft is not None:
        when = drafts.describe_start(draft.started, known.today)
        try:
            again = _ask_yes(f"You have an unfinished entry from {when}: continue? [Y/n]")
        except (typer.Abort, KeyboardInterrupt, EOFError):
            context.echo("", err=True)
            raise Interrupted(_KEPT) from None
        if again:
            kept, started = draft.answers, draft.started
        else:
            moved = drafts.set_draft_aside(root, root / RESCUE_DIR)
            say(f"Starting afresh; the unfinished entry is kept in {moved}.")
    answers = Answers(
        typer_ask,
        kept=kept,
        keep=lambda given: drafts.save_draft(root, drafts.Draft(started, given)),
    )
    try:
        return interview(known, answers)
    except (typer.Abort, KeyboardInterrupt, EOFError):
        if not answers.given and not kept:
            raise
        context.echo("", err=True)
        raise Interrupted(
            "stopped; your answers are kept for `therapylog add` to continue"
        ) from None


def discard(root: Path, today: dt.date) -> None:
    """``add --discard-draft``: drop the unfinished entry, saying what was dropped."""
    draft = _unfinished(root)
    if draft is not None and drafts.discard_draft(root):
        say(f"Dropped the unfinished entry from {drafts.describe_start(draft.started, today)}.")
    else:
        say("There was no unfinished entry to drop.")


def remind(root: Path, today: dt.date) -> None:
    """A line on stderr when an interview's draft waits while an entry is added from options."""
    try:
        draft = drafts.read_draft(root)
    except DamagedFileError:
        return
    if draft is not None:
        when = drafts.describe_start(draft.started, today)
        context.echo(
            f"note: an unfinished entry from {when} is kept; `therapylog add` continues it, "
            "`therapylog add --discard-draft` drops it",
            err=True,
        )


def _unfinished(root: Path) -> drafts.Draft | None:
    """The draft, or None; one that cannot be read is moved aside (never overwritten)."""
    try:
        return drafts.read_draft(root)
    except DamagedFileError as error:
        moved = drafts.set_draft_aside(root, root / RESCUE_DIR)
        say(f"An unfinished entry could not be read ({error.reason}); it was moved to {moved}.")
        return None


def _ask_yes(question: str) -> bool:
    parse = yes_no(default=True)
    while True:
        try:
            return parse(typer_ask(question, "").strip())
        except InputError as error:
            context.echo(f"  {error.message}", err=True)


def _now(today: dt.date) -> dt.datetime:
    """Now, to the minute, on therapylog's clock (which tests and demos may set)."""
    return dt.datetime.combine(today, dt.datetime.now().time().replace(second=0, microsecond=0))

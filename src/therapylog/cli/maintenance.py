"""Looking after the journal: check, backup, import, and the incident catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from therapylog.cli import context


def check(
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Make files and folders that other users can open private (0600 and 0700). "
            "Damaged files are still left as they are.",
        ),
    ] = False,
) -> None:
    """Read every file in the journal and report each problem with its file and reason.

    Also reports files and folders other users of this computer can open. Exits 1 if
    anything is wrong. Damaged files are left untouched for you to fix.

    Example: therapylog check --fix
    """
    from therapylog.data.errors import JournalError
    from therapylog.data.words import plural

    journal = context.open_journal()
    count, problems = journal.check()
    lines = [f"{problem.path}: {problem.reason}" for problem in problems]
    for loose in journal.loose_modes():
        failed = journal.make_private(loose) if fix else None
        if fix and failed is None:
            context.echo(
                f"{loose.path}: made private (was {loose.mode:04o}, now {loose.wanted:04o})"
            )
        else:
            lines.append(f"{loose.path}: {failed or loose.reason}")
    for line in lines:
        context.echo(line, err=True)
    if lines:
        fine = "1 entry is fine" if count == 1 else f"{count} entries are fine"
        raise JournalError(f"{plural(len(lines), 'problem')} in {journal.root} ({fine})")
    context.echo(f"{journal.root}: {plural(count, 'entry', 'entries')}, all fine")


def backup(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE (0600) instead of stdout.")
    ] = None,
) -> None:
    """Write the whole journal as one JSON document.

    Example: therapylog backup --output ~/therapylog-backup.json
    """
    from therapylog.data.safetext import json_text
    from therapylog.data.words import plural
    from therapylog.journal.backup import backup_document
    from therapylog.journal.output import check_output_path, write_output

    journal = context.open_journal()
    journal.require_existing()  # an empty backup must never replace a good one
    if output is not None:
        check_output_path(output, journal.root)
    snapshot = journal.snapshot()
    document = backup_document(
        snapshot.entries, snapshot.goals, journal.read_thresholds_set(), snapshot.therapists
    )
    text = json_text(document) + "\n"
    if output is None:
        context.write(text)
    else:
        write_output(
            output, text.encode("utf-8"), journal.root, what="the backup", again="back up again"
        )
        context.echo(
            f"backed up {plural(len(snapshot.entries), 'entry', 'entries')} and "
            f"{plural(len(snapshot.goals), 'goal')} to {output}"
        )
    context.note_damaged_skipped(len(snapshot.problems))


def import_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A backup written by `therapylog backup`.")
    ],
) -> None:
    """Restore or merge a backup. Safe to repeat; invalid input is refused as a whole.

    Example: therapylog --journal ~/new-journal import ~/therapylog-backup.json
    """
    from therapylog.data.words import plural
    from therapylog.journal.backup import read_backup_file
    from therapylog.journal.importing import import_backup

    parsed = read_backup_file(file)
    result = import_backup(context.open_journal(), parsed)
    parts = [f"imported {plural(len(result.added), 'entry', 'entries')}"]
    if result.skipped:
        parts.append(f"{result.skipped} already present")
    if result.renamed:
        renamed = ", ".join(f"{old} as {new}" for old, new in result.renamed.items())
        parts.append(f"kept beside existing ones: {renamed}")
    if result.goals_added:
        parts.append(f"{plural(len(result.goals_added), 'goal')} added")
    if result.therapists_changed:
        from therapylog.data.identity import shown

        names = ", ".join(shown(name) for name in result.therapists_changed)
        parts.append(f"therapists added or extended: {names}")
    if result.goals_kept:
        parts.append(f"goals kept as they are here: {', '.join(result.goals_kept)}")
    if result.settings_not_applied:
        parts.append(result.settings_not_applied)
    context.echo("; ".join(parts))


def kinds() -> None:
    """List the incident kinds you can record, by category.

    Example: therapylog kinds
    """
    from therapylog.data.catalogue import CATEGORY_TITLES, INCIDENT_KINDS

    for category, title in CATEGORY_TITLES.items():
        context.echo(title)
        for kind in INCIDENT_KINDS:
            if kind.category is category:
                context.echo(f"  {kind.slug:<26} {kind.description}")
        context.echo()

"""Looking after the journal: check, backup, import, and the incident catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from therapylog.cli import context
from therapylog.data.errors import InputError

if TYPE_CHECKING:
    from therapylog.journal.storage import Journal


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
    encrypted: Annotated[
        bool,
        typer.Option(
            "--encrypted",
            help="Keep the backup of an encrypted journal encrypted: `import` asks for its "
            "passphrase (or recovery key).",
        ),
    ] = False,
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
    if encrypted and not journal.encrypted:
        raise InputError("--encrypted: the journal is not encrypted (see `therapylog encrypt`)")
    if (
        journal.encrypted
        and not encrypted
        and context.is_interactive()
        and not context.confirm(
            "The journal is encrypted, but this backup will be plain text that anyone with the "
            "file can read (--encrypted keeps it encrypted). Write it anyway?",
            default=False,
        )
    ):
        raise InputError("the backup was not written; --encrypted keeps it encrypted")
    snapshot = journal.snapshot()
    document = backup_document(
        snapshot.entries, snapshot.goals, journal.read_settings_set(), snapshot.therapists
    )
    text = json_text(document) + "\n"
    data = _sealed_backup(journal, text) if encrypted else text.encode("utf-8")
    if output is None:
        context.write(data.decode("utf-8"))
    else:
        write_output(output, data, journal.root, what="the backup", again="back up again")
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
    from therapylog.journal import sealed_backup
    from therapylog.journal.backup import parse_backup_bytes, read_backup_bytes
    from therapylog.journal.importing import import_backup

    data = read_backup_bytes(file)
    if sealed_backup.is_sealed_backup(data):  # backup --encrypted: its own keys, its passphrase
        from therapylog.cli.encryption import unlock_keys

        key = unlock_keys(sealed_backup.keys_of(str(file), data))
        data = sealed_backup.open_backup(str(file), data, key).encode("utf-8")
    parsed = parse_backup_bytes(str(file), data)
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


def _sealed_backup(journal: Journal, text: str) -> bytes:
    """``backup --encrypted``: the document sealed with the journal's (unlocked) key."""
    from therapylog.journal import sealed_backup
    from therapylog.journal.sealing import sealing_of

    sealing = sealing_of(journal.root)
    assert sealing.keys is not None and sealing.key is not None  # checked: it is encrypted
    return sealed_backup.seal_backup(text, sealing.keys, sealing.key)

"""Promise: a failed write never damages or loses anything.

Each step of a write (write, a short write, fsync, replace, folder fsync) fails in turn with
ENOSPC and with EIO, for every command that writes. The existing files stay byte for byte as
they were, no temporary file is left, the command exits 1 with one clear line, and the user's
new entry is kept where the message says so it can be re-added.

The one documented exception: when only the final folder fsync fails while *replacing* an
existing file (edit, goals, a goals-only import, backup --output), the new content is already
in place; the command says so and exits 1. For a *new* file (add, import) therapylog removes
the file it just wrote, so the journal is as before.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.faults import STEPS, Fault, heal, inject
from tests.safety.helpers import leftover_files, one_line_error

ERRNOS = {errno.ENOSPC: "the disk is full", errno.EIO: "input/output error"}
NEW_ENTRY_ARGS = (
    *("add", "--no-input", "--date", "2026-11-21", "--therapist", "Dr. Lee"),
    *("--mood-before", "4", "--mood-after", "7", "--incident", "distracted: phone"),
    *("--tag", "tired", "--note", "please keep this\nsecond line"),
)

#: The rescue file of NEW_ENTRY_ARGS's entry, as ``add`` keeps it when the journal's disk fails:
#: a backup document of that one entry (ASCII JSON, indented), which ``import`` adds back.
UNSAVED_ENTRY = """{
  "format": "therapylog-backup",
  "version": 1,
  "goals": [],
  "entries": [
    {
      "id": "2026-11-21-2",
      "date": "2026-11-21",
      "therapist": "Dr. Lee",
      "status": "attended",
      "mood_before": 4,
      "mood_after": 7,
      "felt": null,
      "progress": {},
      "incidents": [
        {
          "kind": "distracted",
          "note": "phone",
          "repaired": false
        }
      ],
      "alliance": null,
      "phq9": null,
      "gad7": null,
      "phq9_items": null,
      "gad7_items": null,
      "tags": [
        "tired"
      ],
      "notes": "please keep this\\nsecond line"
    }
  ]
}
"""


@pytest.fixture(autouse=True)
def cache_every_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the derived index save on every read (normally only files older than 2 s are
    indexed), so that its writes interleave with the faulty ones as they would in real use."""
    from therapylog.journal import index

    monkeypatch.setattr(index, "SETTLE_NS", -(10**12))


@pytest.fixture
def filled(cli: Cli, journal_path: Path) -> dict[str, bytes]:
    assert cli("goals", "add", "Sleep better", "--id", "sleep").exit_code == 0
    for date, note in (("2026-11-20", "first"), ("2026-11-21", "second")):
        result = cli("add", "--no-input", "--date", date, "--therapist", "Dr. Lee", "--note", note)
        assert result.exit_code == 0, result.stderr
    return files_snapshot(journal_path)


@pytest.fixture
def editor_env(tmp_path: Path) -> dict[str, str]:
    script = tmp_path / "editor.py"
    script.write_text(
        "import pathlib, sys\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('\"first\"', '\"first, edited\"'))\n"
    )
    return {"EDITOR": f"{sys.executable} {script}"}


@pytest.fixture
def backup_file(tmp_path: Path) -> Path:
    document = {
        "format": "therapylog-backup",
        "version": 1,
        "goals": [
            {"id": "walk", "title": "Walk daily", "created": "2026-11-01", "status": "active"}
        ],
        "entries": [
            {"id": day, "date": day, "therapist": "Dr. Lee", "notes": f"imported {day}"}
            for day in ("2026-11-01", "2026-11-02")
        ],
    }
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))
    return path


@dataclass(frozen=True)
class Operation:
    name: str
    run: Callable[..., object]
    replaces: (
        str | None
    )  # the existing file it overwrites, relative to the journal; None: new files only
    skip: int = 0  # files written successfully before the fault
    #: new files that stay when only the last folder sync of ``replaces`` fails
    unconfirmed_keeps: frozenset[str] = frozenset()


def _full_backup(tmp_path: Path) -> Path:
    """Two new entries, new settings, a new therapists file and a new goal: import writes
    them in that order."""
    path = tmp_path / "full.json"
    path.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "goals": [{"id": "walk", "title": "Walk", "created": "2026-11-01"}],
                "entries": [
                    {"id": day, "date": day, "therapist": "Dr. Lee"}
                    for day in ("2026-11-01", "2026-11-02")
                ],
                "settings": {"thresholds": {"alliance_cutoff": 30}},
                "therapists": [{"name": "Sam Oke", "aliases": ["Sam O."]}],
            }
        )
    )
    return path


FULL_IMPORT_FILES = frozenset(
    {"entries/2026-11-01.toml", "entries/2026-11-02.toml", "settings.toml", "therapists.toml"}
)


def _goals_only_backup(tmp_path: Path) -> Path:
    path = tmp_path / "goals-only.json"
    path.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "goals": [{"id": "walk", "title": "Walk", "created": "2026-11-01"}],
                "entries": [],
            }
        )
    )
    return path


OPERATIONS = [
    Operation("add", lambda cli, **_: cli(*NEW_ENTRY_ARGS), None),
    Operation(
        "edit",
        lambda cli, editor_env, **_: cli("edit", "2026-11-20", env=editor_env),
        "entries/2026-11-20.toml",
    ),
    Operation("goals-add", lambda cli, **_: cli("goals", "add", "Speak up"), "goals.toml"),
    Operation("goals-done", lambda cli, **_: cli("goals", "done", "sleep"), "goals.toml"),
    Operation("import", lambda cli, backup_file, **_: cli("import", str(backup_file)), None),
    Operation(
        "import-second-file",
        lambda cli, backup_file, **_: cli("import", str(backup_file)),
        None,
        skip=1,
    ),
    Operation(
        "import-goals-only",
        lambda cli, tmp_path, **_: cli("import", str(_goals_only_backup(tmp_path))),
        "goals.toml",
    ),
    *(
        Operation(
            f"import-full-file-{index + 1}",
            lambda cli, tmp_path, **_: cli("import", str(_full_backup(tmp_path))),
            "goals.toml" if index == 4 else None,
            skip=index,
            unconfirmed_keeps=FULL_IMPORT_FILES if index == 4 else frozenset(),
        )
        for index in range(5)
    ),
]


@pytest.mark.parametrize("error_number", list(ERRNOS), ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_a_failing_write_step_changes_nothing_and_says_so(
    operation: Operation,
    step: str,
    error_number: int,
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    editor_env: dict[str, str],
    backup_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault = inject(
        monkeypatch, Fault(step, error_number, journal_path, skip=operation.skip, times=1)
    )
    result = operation.run(cli, editor_env=editor_env, backup_file=backup_file, tmp_path=tmp_path)
    heal(monkeypatch)

    assert fault.fired == 1, f"the {step} step was never reached"
    assert result.exit_code == 1, result.stdout + result.stderr
    message = one_line_error(result.stderr)
    assert ERRNOS[error_number] in message
    assert leftover_files(journal_path) == []

    after = files_snapshot(journal_path)
    rescued = {name: data for name, data in after.items() if name.startswith("rescued/")}
    after = {name: data for name, data in after.items() if not name.startswith("rescued/")}
    if step == "folder-fsync" and operation.replaces:
        # Documented: the new content is in place (old content gone), and the message says so.
        assert "was saved, but" in message
        assert set(after) == set(filled) | operation.unconfirmed_keeps
        changed = {name for name in filled if after[name] != filled[name]}
        assert changed == {operation.replaces}
    else:
        assert after == filled, "an existing file changed, or a new one stayed"
        if operation.name == "edit":
            # The edited text is kept aside, where the message says.
            assert len(rescued) == 1
            name, data = next(iter(rescued.items()))
            assert name in message and b"first, edited" in data


@pytest.mark.parametrize("error_number", list(ERRNOS), ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("step", STEPS)
def test_a_failed_add_keeps_the_entry_where_the_message_says(
    step: str,
    error_number: int,
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault = inject(monkeypatch, Fault(step, error_number, journal_path))
    message = one_line_error(cli(*NEW_ENTRY_ARGS).stderr)
    heal(monkeypatch)
    assert fault.fired == 1, f"the {step} step was never reached"
    assert "the journal is unchanged" in message
    match = re.search(r"kept in (\S+\.json); re-add it with `therapylog import \1`", message)
    assert match, message
    rescue = Path(match.group(1))
    assert rescue.stat().st_mode & 0o777 == 0o600

    result = cli("import", str(rescue))
    assert result.exit_code == 0, result.stderr
    assert "imported 1 entry" in result.stdout
    saved = json.loads(cli("show", "2026-11-21-2", "--json").stdout)
    assert saved["therapist"] == "Dr. Lee"
    assert (saved["mood_before"], saved["mood_after"], saved["tags"]) == (4, 7, ["tired"])
    assert saved["incidents"] == [{"kind": "distracted", "note": "phone", "repaired": False}]
    assert saved["notes"] == "please keep this\nsecond line"
    # Re-adding it a second time changes nothing (import is idempotent).
    assert "imported 0 entries; 1 already present" in cli("import", str(rescue)).stdout


def test_when_no_disk_accepts_the_rescue_the_entry_is_in_the_message(
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault = inject(monkeypatch, Fault("write", errno.ENOSPC, Path("/"), times=10**9))
    result = cli(*NEW_ENTRY_ARGS)
    heal(monkeypatch)
    assert fault.fired == 3, "the entry, the rescue in the temporary and in the home folder"
    assert result.exit_code == 1
    assert one_line_error(result.stderr) == (
        f"therapylog: could not save {journal_path / 'entries' / '2026-11-21-2.toml'}: the disk "
        "is full; the journal is unchanged; your entry could not be kept anywhere either; here "
        f"it is: {' '.join(UNSAVED_ENTRY.split())}"
    )
    assert files_snapshot(journal_path) == filled
    assert list(Path(os.environ["TMPDIR"]).iterdir()) == []  # no partial rescue either
    assert list((tmp_path / "home").rglob("therapylog-unsaved-*")) == []


class BareFault(Fault):
    """A fault whose error has no errno, as some libraries raise: ``OSError("...")``."""

    def error(self) -> OSError:
        return OSError("the storage device went away")


@pytest.mark.parametrize(
    ("failing", "said"),
    [
        (lambda root: Fault("write", errno.ENOSPC, root), "the disk is full"),
        (lambda root: Fault("write", errno.EIO, root), "the disk reported an input/output error"),
        (lambda root: Fault("write", errno.EACCES, root), "permission denied"),
        (lambda root: Fault("write", errno.EPERM, root), "permission denied"),
        (lambda root: Fault("write", errno.EROFS, root), "the file system is read-only"),
        (lambda root: Fault("write", errno.EDQUOT, root), os.strerror(errno.EDQUOT)),
        (lambda root: Fault("folder-fsync", errno.EDQUOT, root), os.strerror(errno.EDQUOT)),
        (lambda root: BareFault("write", 0, root), "the storage device went away"),
    ],
    ids=["ENOSPC", "EIO", "EACCES", "EPERM", "EROFS", "EDQUOT", "folder-EDQUOT", "no-errno"],
)
def test_a_failed_write_names_its_cause_in_plain_words(
    failing: Callable[[Path], Fault],
    said: str,
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault = inject(monkeypatch, failing(journal_path))
    result = cli(*NEW_ENTRY_ARGS)
    heal(monkeypatch)
    assert fault.fired == 1 and result.exit_code == 1
    path = journal_path / "entries" / "2026-11-21-2.toml"
    assert one_line_error(result.stderr).startswith(
        f"therapylog: could not save {path}: {said}; the journal is unchanged; your entry was "
        "kept in "
    )


def test_a_replaced_file_the_disk_did_not_confirm_is_said_in_whole(
    cli: Cli, journal_path: Path, filled: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    fault = inject(monkeypatch, Fault("folder-fsync", errno.ENOSPC, journal_path))
    result = cli("goals", "add", "Speak up")
    heal(monkeypatch)
    assert fault.fired == 1 and result.exit_code == 1
    assert one_line_error(result.stderr) == (
        f"therapylog: {journal_path / 'goals.toml'} was saved, but the disk could not confirm "
        "it: the disk is full; the new version is in place but may not survive a power cut"
    )


def unusable_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary folder is a file: nothing can be written there (even by root)."""
    import tempfile

    blocked = tmp_path / "tmp-is-a-file"
    blocked.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))


def test_a_failed_add_is_kept_in_the_home_folder_when_the_temporary_folder_fails_too(
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unusable_tempdir(tmp_path, monkeypatch)
    fault = inject(monkeypatch, Fault("write", errno.ENOSPC, journal_path))
    message = one_line_error(cli(*NEW_ENTRY_ARGS).stderr)
    heal(monkeypatch)
    assert fault.fired == 1
    match = re.search(r"kept in (\S+\.json); re-add it with `therapylog import \1`", message)
    assert match, message
    rescue = Path(match.group(1))
    assert rescue.parent == tmp_path / "home"
    assert rescue.stat().st_mode & 0o777 == 0o600
    assert rescue.read_text() == UNSAVED_ENTRY
    assert files_snapshot(journal_path) == filled
    assert "imported 1 entry" in cli("import", str(rescue)).stdout
    saved = json.loads(cli("show", "2026-11-21-2", "--json").stdout)
    assert saved["notes"] == "please keep this\nsecond line"


def edit_on_a_failing_disk(journal_path: Path) -> str:
    """Edit the entry of 2026-11-20 through the library while every write fails."""
    from therapylog.data.errors import JournalError
    from therapylog.journal.editing import apply_edit
    from therapylog.journal.storage import Journal

    journal = Journal(journal_path)
    original = journal.read_entry("2026-11-20")
    with pytest.raises(JournalError) as raised:
        apply_edit(journal, original, editor=lambda data: data.replace(b'"first"', b'"my edit"'))
    return raised.value.message


def test_an_unsaved_edit_is_kept_in_the_home_folder_when_the_others_fail(
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The journal's disk is failing (so its ``rescued/`` folder too), and the temporary
    folder is unusable: the home folder takes the edit."""
    unusable_tempdir(tmp_path, monkeypatch)
    fault = inject(monkeypatch, Fault("write", errno.ENOSPC, journal_path, times=10**9))
    message = edit_on_a_failing_disk(journal_path)
    heal(monkeypatch)
    assert fault.fired == 2, "the entry and its rescue in the journal"
    (kept,) = (tmp_path / "home").glob("2026-11-20.edit-*.toml.txt")
    assert re.fullmatch(r"2026-11-20\.edit-\d{8}-\d{6}\.toml\.txt", kept.name)  # when it was kept
    assert message.endswith(f"your edit was kept in {kept}")
    assert kept.stat().st_mode & 0o777 == 0o600
    assert '"my edit"' in kept.read_text()
    assert files_snapshot(journal_path) == filled


def test_when_no_disk_accepts_an_unsaved_edit_it_is_in_the_message(
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault = inject(monkeypatch, Fault("write", errno.ENOSPC, Path("/"), times=10**9))
    message = edit_on_a_failing_disk(journal_path)
    heal(monkeypatch)
    assert fault.fired == 4, "the entry, then the journal, temporary and home folders"
    assert "your edit could not be kept anywhere either; here it is: " in message
    assert 'notes = "my edit"' in message.split("here it is: ", 1)[1]
    assert files_snapshot(journal_path) == filled
    assert list((tmp_path / "home").rglob("*.toml.txt")) == []


def test_when_no_disk_accepts_notes_that_are_not_utf8_they_are_in_the_message(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``add --edit`` notes saved in another encoding, on a machine where no disk takes the
    rescue: they are shown, each undecodable byte as U+FFFD, never an internal error."""
    from therapylog.data.errors import InputError
    from therapylog.journal.editing import edit_notes
    from therapylog.journal.storage import Journal

    written = "café\n  on two lines".encode("latin-1")
    fault = inject(monkeypatch, Fault("write", errno.ENOSPC, Path("/"), times=10**9))
    with pytest.raises(InputError) as refused:
        edit_notes(Journal(journal_path), "", lambda _data: written)
    heal(monkeypatch)
    assert fault.fired == 3, "the journal's rescued/, the temporary and the home folders"
    assert refused.value.message == (
        "notes: not UTF-8 text (byte 3; save the file as UTF-8); nothing was saved; your notes "
        "could not be kept anywhere either; here it is: caf\ufffd on two lines"
    )
    assert [path for path in journal_path.rglob("*") if path.is_file()] == []


@pytest.mark.parametrize("registry_before", [False, True], ids=["no-registry", "registry"])
def test_an_import_that_fails_at_its_last_file_takes_back_the_therapists_it_merged(
    registry_before: bool,
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Import writes the new entry, then therapists.toml, then replaces goals.toml last: when
    that fails, the registry is as it was (removed when it is new, restored when it was not)."""
    if registry_before:
        assert cli("therapists", "end", "Dr. Lee", "--date", "2026-11-21").exit_code == 0
    before = files_snapshot(journal_path)
    assert ("therapists.toml" in before) is registry_before
    fault = inject(monkeypatch, Fault("replace", errno.EIO, journal_path, skip=2))
    result = cli("import", str(_backup_with_therapists(tmp_path)))
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    assert one_line_error(result.stderr) == (
        f"therapylog: could not save {journal_path / 'goals.toml'}: the disk reported an "
        "input/output error; the journal is unchanged"
    )
    assert files_snapshot(journal_path) == before


def _backup_with_therapists(tmp_path: Path) -> Path:
    """A new entry, a therapist and a new goal: import writes them in that order."""
    backup = tmp_path / "with-therapists.json"
    backup.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "goals": [{"id": "walk", "title": "Walk", "created": "2026-11-01"}],
                "entries": [{"id": "2026-11-02", "date": "2026-11-02", "therapist": "Sam Oke"}],
                "therapists": [{"name": "Sam Oke", "aliases": ["Sam O."]}],
            }
        )
    )
    return backup


def test_an_import_whose_registry_cannot_be_put_back_says_so(
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk fails the last file and then the undo of therapists.toml: the message must not
    say the journal is unchanged, and names what is left."""
    assert cli("therapists", "end", "Dr. Lee", "--date", "2026-11-21").exit_code == 0
    before = files_snapshot(journal_path)
    fault = inject(monkeypatch, Fault("replace", errno.EIO, journal_path, skip=2, times=2))
    result = cli("import", str(_backup_with_therapists(tmp_path)))
    heal(monkeypatch)
    assert fault.fired == 2, "goals.toml, then the registry put back"
    assert result.exit_code == 1
    registry = journal_path / "therapists.toml"
    assert one_line_error(result.stderr) == (
        f"therapylog: could not save {journal_path / 'goals.toml'}: the disk reported an "
        f"input/output error; the import was taken back except for {registry}, which could "
        "not be put back: it holds the therapists of the backup merged with this journal's"
    )
    after = files_snapshot(journal_path)
    assert {name: data for name, data in after.items() if name != "therapists.toml"} == {
        name: data for name, data in before.items() if name != "therapists.toml"
    }
    assert "Sam Oke" in registry.read_text() and "Dr. Lee" in registry.read_text()


def test_a_registry_put_back_whose_folder_sync_fails_is_put_back(
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the disk's confirmation of the undo is missing: its content is in place, so the
    journal is as it was, as the message says."""
    from therapylog.journal import fsutil, importing

    assert cli("therapists", "end", "Dr. Lee", "--date", "2026-11-21").exit_code == 0
    before = files_snapshot(journal_path)

    def unconfirmed(path: Path, data: bytes) -> None:
        fsutil.atomic_write(path, data)
        raise fsutil.FolderSyncError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(importing, "atomic_write", unconfirmed)  # the undo's write
    fault = inject(monkeypatch, Fault("replace", errno.EIO, journal_path, skip=2))
    result = cli("import", str(_backup_with_therapists(tmp_path)))
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    assert one_line_error(result.stderr) == (
        f"therapylog: could not save {journal_path / 'goals.toml'}: the disk reported an "
        "input/output error; the journal is unchanged"
    )
    assert files_snapshot(journal_path) == before


def test_a_new_therapists_file_whose_folder_sync_fails_is_taken_back(
    cli: Cli, journal_path: Path, filled: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    fault = inject(monkeypatch, Fault("folder-fsync", errno.EIO, journal_path))
    result = cli("therapists", "end", "Dr. Lee", "--date", "2026-11-21")
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    assert "the journal is unchanged" in one_line_error(result.stderr)
    assert files_snapshot(journal_path) == filled


def test_a_new_entry_is_taken_back_while_folder_syncs_keep_failing(
    cli: Cli, journal_path: Path, filled: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder sync after the rename fails, and so does the one after taking it back."""
    fault = inject(monkeypatch, Fault("folder-fsync", errno.EIO, journal_path, times=10**9))
    result = cli(*NEW_ENTRY_ARGS)
    heal(monkeypatch)
    assert fault.fired == 2, "the new entry's folder sync, then the one after removing it"
    assert result.exit_code == 1
    assert "the journal is unchanged" in one_line_error(result.stderr)
    assert files_snapshot(journal_path) == filled


def test_an_import_takes_back_a_new_therapists_file_its_folder_sync_did_not_confirm(
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The file is removed when its own write fails, and its removal is tried again (and
    finds nothing) when the import takes back what it merged."""
    backup = tmp_path / "with-therapists.json"
    backup.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "goals": [],
                "entries": [{"id": "2026-11-02", "date": "2026-11-02", "therapist": "Sam Oke"}],
                "therapists": [{"name": "Sam Oke", "aliases": ["Sam O."]}],
            }
        )
    )
    fault = inject(monkeypatch, Fault("folder-fsync", errno.EIO, journal_path, skip=1))
    result = cli("import", str(backup))
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    message = one_line_error(result.stderr)
    assert f"could not save {journal_path / 'therapists.toml'}: the disk reported" in message
    assert files_snapshot(journal_path) == filled


@pytest.mark.parametrize("error_number", list(ERRNOS), ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("step", STEPS)
def test_a_failed_backup_leaves_the_previous_backup_whole(
    step: str,
    error_number: int,
    cli: Cli,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    output = folder / "backup.json"
    output.write_text("previous backup\n")
    fault = inject(monkeypatch, Fault(step, error_number, folder))
    result = cli("backup", "--output", str(output))
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    assert ERRNOS[error_number] in one_line_error(result.stderr)
    assert list(folder.iterdir()) == [output]
    if step == "folder-fsync":
        # Documented: the new backup is complete and in place, not yet confirmed durable.
        assert len(json.loads(output.read_text())["entries"]) == 2
    else:
        assert output.read_text() == "previous backup\n"


@pytest.mark.parametrize("error_number", list(ERRNOS), ids=["ENOSPC", "EIO"])
def test_rm_whose_folder_sync_fails_says_what_happened(
    error_number: int,
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Documented: the entry is gone from the folder, but the removal is not confirmed."""
    fault = inject(monkeypatch, Fault("folder-fsync", error_number, journal_path))
    result = cli("rm", "2026-11-20", "--yes")
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    message = one_line_error(result.stderr)
    assert "2026-11-20.toml was removed, but the disk could not confirm it" in message
    assert ERRNOS[error_number] in message
    assert not (journal_path / "entries" / "2026-11-20.toml").exists()
    assert files_snapshot(journal_path) == {
        name: data for name, data in filled.items() if name != "entries/2026-11-20.toml"
    }


def test_an_import_that_fails_leaves_a_therapists_file_it_did_not_change_untouched(
    cli: Cli,
    journal_path: Path,
    filled: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A backup that brings no therapist leaves therapists.toml alone: when the import then
    fails at goals.toml, the file is not put back (rewritten) either, so a hand-kept file keeps
    its comments byte for byte."""
    assert cli("therapists", "end", "Dr. Lee", "--date", "2026-11-21").exit_code == 0
    registry = journal_path / "therapists.toml"
    registry.write_bytes(b"# kept by hand\n" + registry.read_bytes())
    before = files_snapshot(journal_path)
    backup = tmp_path / "no-therapists.json"
    backup.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "goals": [{"id": "walk", "title": "Walk", "created": "2026-11-01"}],
                "entries": [{"id": "2026-11-02", "date": "2026-11-02", "therapist": "Dr. Lee"}],
            }
        )
    )
    fault = inject(monkeypatch, Fault("replace", errno.EIO, journal_path, skip=1))
    result = cli("import", str(backup))
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    assert one_line_error(result.stderr) == (
        f"therapylog: could not save {journal_path / 'goals.toml'}: the disk reported an "
        "input/output error; the journal is unchanged"
    )
    assert files_snapshot(journal_path) == before

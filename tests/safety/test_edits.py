"""Promise: an edit never loses what you wrote, and its private copy never outlives it.

Every way `edit` (and `add --edit`) can end keeps the user's text: saved, or kept in the
journal's `rescued/` folder with one line saying where; never an "internal error", never the
entry in an error message. The copy the editor sees lives in a private (0700) scratch folder
outside the journal, removed however the command ends (SIGTERM and SIGHUP included), and the
leftovers of a run killed outright are swept by the next `edit`.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.helpers import editor_script, one_line_error, rescued, therapylog_command
from therapylog.data.errors import Interrupted, JournalError
from therapylog.journal import scratch
from therapylog.journal.editing import EditOutcome, EditStoppedError, apply_edit
from therapylog.journal.rescue import rescue_text
from therapylog.journal.stopping import Stopped
from therapylog.journal.storage import Journal

ID = "2026-10-01"
SECRET = "only-in-the-entry-7f3a"


@pytest.fixture
def entry(cli: Cli, journal_path: Path) -> Path:
    result = cli("add", "--no-input", "--date", ID, "--therapist", "Dr. Lee", "--note", SECRET)
    assert result.exit_code == 0, result.stderr
    return journal_path / "entries" / f"{ID}.toml"


# --- text in another encoding ------------------------------------------------------------------


def test_an_edit_saved_as_latin1_is_rescued_not_an_internal_error(
    cli: Cli, journal_path: Path, tmp_path: Path, entry: Path
) -> None:
    before = entry.read_bytes()
    editor = editor_script(
        tmp_path,
        "p.write_bytes(p.read_text().replace('Dr. Lee', 'Dr. Lée').encode('latin-1'))\n",
    )
    result = cli("edit", ID, env={"EDITOR": editor})
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert "not valid UTF-8 text" in line and "internal error" not in line
    assert SECRET not in result.stderr and SECRET not in result.stdout
    (kept,) = rescued(journal_path)
    assert f"your edit was kept in {kept}" in line
    assert kept.read_bytes() == before.replace(b"Dr. Lee", "Dr. Lée".encode("latin-1"))
    assert entry.read_bytes() == before


def test_notes_written_as_latin1_in_add_edit_are_rescued(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    editor = editor_script(tmp_path, "p.write_bytes('caf\\xe9 notes'.encode('latin-1'))\n")
    result = cli("add", "--therapist", "A", "--edit", env={"EDITOR": editor})
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert "notes: not UTF-8 text" in line and "internal error" not in line
    (kept,) = rescued(journal_path)
    assert f"your notes were kept in {kept}" in line
    assert kept.read_bytes() == "café notes".encode("latin-1")
    assert not list((journal_path / "entries").glob("*.toml"))


def test_add_edit_checks_the_other_options_before_opening_the_editor(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    opened = tmp_path / "opened"
    editor = editor_script(tmp_path, f"pathlib.Path({str(opened)!r}).touch()\n")
    result = cli("add", "--therapist", "A", "--mood-before", "11", "--edit", env={"EDITOR": editor})
    assert result.exit_code == 2
    assert "mood_before: 11 is out of range" in one_line_error(result.stderr)
    assert not opened.exists()


def test_notes_from_add_edit_are_kept_when_the_entry_cannot_be_saved(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    from therapylog.data.model import MAX_ENTRY_BYTES

    # notes that only the editor makes too long: the entry is refused after the editor closed
    editor = editor_script(tmp_path, f"p.write_text('long ' * {MAX_ENTRY_BYTES // 5 + 1})\n")
    result = cli("add", "--therapist", "A", "--edit", env={"EDITOR": editor})
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert "more than the 1,000,000 bytes" in line
    (kept,) = rescued(journal_path)
    assert f"your notes were kept in {kept}" in line
    assert kept.read_text().startswith("long long")


# --- the entry changes under the editor ---------------------------------------------------------


def test_rm_while_edit_is_open_keeps_the_edited_text(
    cli: Cli, journal_path: Path, tmp_path: Path, entry: Path
) -> None:
    command = [*therapylog_command("--journal", str(journal_path), "rm", ID, "--yes")]
    editor = editor_script(
        tmp_path,
        f"import subprocess\nsubprocess.run({command!r}, check=True)\n"
        "p.write_text(p.read_text().replace('Dr. Lee', 'Dr. Edited'))\n",
    )
    result = cli("edit", ID, env={"EDITOR": editor})
    assert result.exit_code == 1
    line = one_line_error(result.stderr)
    assert "was deleted while you were editing it" in line and "internal error" not in line
    (kept,) = rescued(journal_path)
    assert f"your edit was kept in {kept}" in line
    assert "Dr. Edited" in kept.read_text()
    assert not entry.exists()


def test_two_rescues_in_the_same_second_are_two_files(
    journal: Journal, frozen_rescue_clock: str
) -> None:
    first = rescue_text(journal, f"{ID}.edit", b"first")
    second = rescue_text(journal, f"{ID}.edit", b"second")
    assert first != second
    assert {path.name: path.read_bytes() for path in rescued(journal.root)} == {
        f"{ID}.edit-{frozen_rescue_clock}.toml.txt": b"first",
        f"{ID}.edit-{frozen_rescue_clock}-2.toml.txt": b"second",
    }


def test_a_rescue_never_goes_through_a_symlinked_journal(tmp_path: Path) -> None:
    import tempfile

    real = tmp_path / "real-journal"
    real.mkdir()
    link = tmp_path / "journal-link"
    link.symlink_to(real)
    message = rescue_text(Journal(link), f"{ID}.edit", b"kept")
    assert list(real.iterdir()) == []
    (kept,) = Path(tempfile.gettempdir()).glob(f"{ID}.edit-*.toml.txt")
    assert f"your edit was kept in {kept}" in message and kept.read_bytes() == b"kept"


# --- every other way out of an edit, through the library ---------------------------------------


def _edited(data: bytes) -> bytes:
    return data.replace(b"Dr. Lee", b"Dr. Changed")


BUG = f"{ID} was not changed: unexpected RuntimeError (a bug: please report it; --debug shows the details)"


@pytest.mark.parametrize(
    ("failure", "error_type", "exit_code", "said"),
    [
        (RuntimeError("a bug"), JournalError, 1, BUG),
        (KeyboardInterrupt(), Interrupted, 130, f"stopped; {ID} was not changed"),
        (EOFError(), Interrupted, 130, f"stopped; {ID} was not changed"),
        (
            Stopped(signal.SIGTERM),
            EditStoppedError,
            143,
            f"stopped by SIGTERM; {ID} was not changed",
        ),
    ],
)
def test_every_way_out_of_an_edit_keeps_the_text(
    journal: Journal,
    entry: Path,
    monkeypatch: pytest.MonkeyPatch,
    frozen_rescue_clock: str,
    failure: BaseException,
    error_type: type[Exception],
    exit_code: int,
    said: str,
) -> None:
    before = entry.read_bytes()

    def fail(*_args: object, **_kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(journal, "replace_entry_bytes", fail)
    with pytest.raises(error_type) as caught:
        apply_edit(journal, journal.read_entry(ID), editor=_edited)
    assert caught.value.exit_code == exit_code  # type: ignore[attr-defined]
    kept = journal.root / "rescued" / f"{ID}.edit-{frozen_rescue_clock}.toml.txt"
    assert rescued(journal.root) == [kept]
    assert str(caught.value) == f"{said}; your edit was kept in {kept}"
    assert kept.read_bytes() == _edited(before)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert entry.read_bytes() == before


def test_a_stop_while_the_editor_is_open_keeps_what_it_had_saved(
    journal: Journal, entry: Path, frozen_rescue_clock: str
) -> None:
    def editor(data: bytes) -> bytes:
        stop = Stopped(signal.SIGHUP)
        stop.edited = _edited(data)
        raise stop

    before = entry.read_bytes()
    with pytest.raises(EditStoppedError) as caught:
        apply_edit(journal, journal.read_entry(ID), editor=editor)
    assert caught.value.exit_code == 128 + signal.SIGHUP
    kept = journal.root / "rescued" / f"{ID}.edit-{frozen_rescue_clock}.toml.txt"
    assert rescued(journal.root) == [kept]
    assert (
        str(caught.value)
        == f"stopped by SIGHUP; {ID} was not changed; your edit was kept in {kept}"
    )
    assert kept.read_bytes() == _edited(before)
    assert entry.read_bytes() == before


def _stopped_with(edited: bytes | None) -> Stopped:
    stop = Stopped(signal.SIGTERM)
    stop.edited = edited
    return stop


@pytest.mark.parametrize(
    ("stop", "said"),
    [
        (KeyboardInterrupt(), f"stopped; {ID} was not changed"),
        (EOFError(), f"stopped; {ID} was not changed"),
        (_stopped_with(None), f"stopped by SIGTERM; {ID} was not changed"),
        (_stopped_with(b"the entry as it was"), f"stopped by SIGTERM; {ID} was not changed"),
    ],
    ids=["Ctrl-C", "Ctrl-D", "SIGTERM, nothing saved", "SIGTERM, saved unchanged"],
)
def test_a_stop_before_anything_was_edited_keeps_nothing_aside(
    journal: Journal, entry: Path, stop: BaseException, said: str
) -> None:
    before = entry.read_bytes()

    def editor(data: bytes) -> bytes:
        if isinstance(stop, Stopped) and stop.edited is not None:
            stop.edited = data  # the editor saved the text as it was
        raise stop

    with pytest.raises(Interrupted) as caught:
        apply_edit(journal, journal.read_entry(ID), editor=editor)
    assert str(caught.value) == said
    assert rescued(journal.root) == []
    assert entry.read_bytes() == before


def test_an_invalid_edit_tried_again_reopens_on_what_was_written(
    journal: Journal, entry: Path
) -> None:
    before = entry.read_bytes()
    invalid = before + b"mood_before = 99\n"
    opened: list[bytes] = []
    reasons: list[str] = []

    def editor(data: bytes) -> bytes:
        opened.append(data)
        return invalid if len(opened) == 1 else _edited(before)

    def retry(reason: str) -> bool:
        reasons.append(reason)
        return True

    outcome = apply_edit(journal, journal.read_entry(ID), editor=editor, retry=retry)
    assert outcome is EditOutcome.SAVED
    assert opened == [before, invalid]  # the second time, on the text as the user left it
    assert reasons == ["mood_before: 99 is out of range; use a whole number from 0 to 10"]
    assert entry.read_bytes() == _edited(before)
    assert rescued(journal.root) == []


def test_an_unchanged_edit_keeps_nothing_aside(journal: Journal, entry: Path) -> None:
    outcome = apply_edit(journal, journal.read_entry(ID), editor=lambda data: data)
    assert outcome is EditOutcome.UNCHANGED
    assert rescued(journal.root) == []


# --- the private editing copy ------------------------------------------------------------------


def _scratch_parents(runtime: Path) -> list[Path]:
    return sorted(runtime.glob("therapylog-*/*"))


def test_the_editing_copy_is_private_and_outside_the_journal(
    cli: Cli, journal_path: Path, tmp_path: Path, entry: Path
) -> None:
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    seen = tmp_path / "seen.txt"
    editor = editor_script(
        tmp_path,
        f"import stat\npathlib.Path({str(seen)!r}).write_text("
        "f'{p}\\n{oct(stat.S_IMODE(p.parent.stat().st_mode))}\\n'"
        "f'{oct(stat.S_IMODE(p.stat().st_mode))}')\n",
    )
    before = files_snapshot(journal_path)
    assert cli("edit", ID, env={"EDITOR": editor}).exit_code == 0
    copy, folder_mode, file_mode = seen.read_text().splitlines()
    assert Path(copy).is_relative_to(runtime)
    assert (folder_mode, file_mode) == ("0o700", "0o600")
    assert not Path(copy).parent.exists()
    assert _scratch_parents(runtime) == []
    assert files_snapshot(journal_path) == before


def test_a_shared_scratch_name_taken_by_a_link_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile, spare, elsewhere = tmp_path / "hostile", tmp_path / "spare", tmp_path / "elsewhere"
    for folder in (hostile, spare, elsewhere):
        folder.mkdir()
    (hostile / f"therapylog-{os.getuid()}").symlink_to(elsewhere)
    monkeypatch.setattr(scratch, "candidate_bases", lambda: [hostile, spare])
    with scratch.scratch_folder() as folder:
        assert folder.parent == spare / f"therapylog-{os.getuid()}"
        assert folder.parent.stat().st_mode & 0o777 == 0o700
    assert list(elsewhere.iterdir()) == []


def test_the_scratch_folder_prefers_the_runtime_folder_then_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert scratch.candidate_bases() == [
        tmp_path,
        Path("/dev/shm"),
        Path(tempfile.gettempdir()),
    ]
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert scratch.candidate_bases()[0] == Path("/dev/shm")


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leftovers_of_a_killed_edit_are_swept_at_the_next_edit(
    cli: Cli, journal_path: Path, tmp_path: Path, entry: Path
) -> None:
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    parent = runtime / f"therapylog-{os.getuid()}"
    parent.mkdir(mode=0o700)
    leftover = parent / f"edit-{_dead_pid()}-abc123"
    leftover.mkdir(mode=0o700)
    (leftover / "edit.toml").write_text(SECRET)
    (leftover / ".edit.toml.swp").write_text(SECRET)
    alive = parent / f"edit-{os.getpid()}-live"  # a run still going (this process) is kept
    alive.mkdir(mode=0o700)
    assert cli("edit", ID, env={"EDITOR": "true"}).exit_code == 0
    assert not leftover.exists()
    assert alive.exists()


def _wait_for(path: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


@pytest.mark.e2e
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_during_edit_removes_the_copy_and_keeps_the_text(
    proc_env: dict[str, str], journal_path: Path, tmp_path: Path, entry: Path, signum: int
) -> None:
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    ready = tmp_path / "ready"
    editor = editor_script(
        tmp_path,
        "p.write_text(p.read_text().replace('Dr. Lee', 'Dr. Half-Edited'))\n"
        f"t = pathlib.Path({str(ready)!r} + '.tmp'); t.write_text(str(p))\n"
        f"t.rename({str(ready)!r})\n"  # whole when it appears
        "time.sleep(60)\n",
    )
    before = entry.read_bytes()
    process = subprocess.Popen(
        therapylog_command("edit", ID),
        env={**proc_env, "EDITOR": editor},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(ready)
        copy = Path(ready.read_text())
        assert copy.exists() and copy.is_relative_to(runtime)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signum
    line = one_line_error(stderr)
    assert f"stopped by {signal.Signals(signum).name}; {ID} was not changed" in line
    (kept,) = rescued(journal_path)
    assert f"your edit was kept in {kept}" in line
    assert "Dr. Half-Edited" in kept.read_text()
    assert not copy.exists() and not copy.parent.exists()
    assert _scratch_parents(runtime) == []
    assert entry.read_bytes() == before

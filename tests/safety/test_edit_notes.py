"""Promise 12 for `add --edit`: the notes written in the editor are saved, or kept.

The editor opens on the notes given so far. When the command ends without saving them (a stop
signal while the editor is open, the entry then refused), what was written is kept in the
journal's `rescued/` folder as `new-entry.notes-<time>.md.txt`, private (0600), and one line
says where; nothing is kept when nothing was written (docs/data-safety.md).
"""

from __future__ import annotations

import signal
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.safety.helpers import editor_script, entry_files, one_line_error, rescued
from therapylog.journal.editing import EditStoppedError, edit_notes
from therapylog.journal.stopping import Stopped
from therapylog.journal.storage import Journal


def _kept(journal_path: Path, stamp: str) -> Path:
    return journal_path / "rescued" / f"new-entry.notes-{stamp}.md.txt"


@pytest.mark.parametrize(
    ("given", "opened"), [("from --note", b"from --note\n"), ("", b"")], ids=["--note", "none"]
)
def test_the_editor_opens_on_the_notes_given_so_far(
    journal: Journal, journal_path: Path, given: str, opened: bytes
) -> None:
    seen: list[bytes] = []

    def editor(data: bytes) -> bytes:
        seen.append(data)
        return "\n  written in the editor, café \n\n".encode()

    assert edit_notes(journal, given, editor) == "written in the editor, café"
    assert seen == [opened]
    assert not journal_path.exists()  # nothing is written before the entry is saved


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_while_the_notes_are_open_keeps_what_was_written(
    journal: Journal, journal_path: Path, frozen_rescue_clock: str, signum: int
) -> None:
    written = "half a thought — to finish\n".encode()

    def editor(data: bytes) -> bytes:
        stop = Stopped(signum)
        stop.edited = written
        raise stop

    with pytest.raises(EditStoppedError) as caught:
        edit_notes(journal, "from --note", editor)
    kept = _kept(journal_path, frozen_rescue_clock)
    name = signal.Signals(signum).name
    assert (
        str(caught.value) == f"stopped by {name}; nothing was saved; your notes were kept in {kept}"
    )
    assert caught.value.exit_code == 128 + signum
    assert rescued(journal_path) == [kept]
    assert kept.read_bytes() == written
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert entry_files(journal_path) == []


@pytest.mark.parametrize(
    "saved", [None, b"from --note\n"], ids=["nothing saved", "saved unchanged"]
)
def test_a_stop_before_anything_was_written_keeps_nothing(
    journal: Journal, journal_path: Path, saved: bytes | None
) -> None:
    def editor(data: bytes) -> bytes:
        stop = Stopped(signal.SIGTERM)
        stop.edited = saved
        raise stop

    with pytest.raises(EditStoppedError) as caught:
        edit_notes(journal, "from --note", editor)
    assert str(caught.value) == "stopped by SIGTERM; nothing was saved"
    assert caught.value.exit_code == 128 + signal.SIGTERM
    assert not journal_path.exists()


def test_notes_kept_when_the_entry_is_refused_keep_the_error_and_its_hint(
    cli: Cli, journal_path: Path, tmp_path: Path, frozen_rescue_clock: str
) -> None:
    # the repair names an entry that does not exist: found only when the entry is saved
    editor = editor_script(tmp_path, "p.write_text('my notes, kept\\n')\n")
    result = cli(
        *("add", "--therapist", "A", "--repairs", "2026-01-01:forgot-details", "--edit"),
        env={"EDITOR": editor},
    )
    assert result.exit_code == 1
    kept = _kept(journal_path, frozen_rescue_clock)
    assert one_line_error(result.stderr) == (
        f"therapylog: no entry with id '2026-01-01' in {journal_path / 'entries'}; your notes "
        f"were kept in {kept} (see `therapylog list` for the ids)"
    )
    assert rescued(journal_path) == [kept]
    assert kept.read_bytes() == b"my notes, kept"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert entry_files(journal_path) == []

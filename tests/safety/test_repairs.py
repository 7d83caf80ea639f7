"""Promise: a repair recorded later (`add --repairs ID:KIND`) rewrites the earlier entries
under the lock, all or nothing (docs/data-safety.md, promise 15).

The new entry is written first, then each earlier entry in the order the repairs were given.
When any of those writes fails, at any step, the files already rewritten get their old bytes
back and the new entry is removed: every file of the journal is byte for byte what it was,
with its private mode, and the message says the entry was not added.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.faults import STEPS, Fault, heal, inject
from tests.safety.helpers import leftover_files, one_line_error

REPAIRS = ("--repairs", "2026-11-03:distracted", "--repairs", "2026-11-05:jargon")
#: The earlier entries as the repairs rewrite them (and as they must be, whole, after a success).
REPAIRED = {
    "entries/2026-11-03.toml": (
        'schema_version = 1\nid = "2026-11-03"\ndate = 2026-11-03\ntherapist = "Dr. Lee"\n'
        'status = "attended"\nincidents = [\n'
        '    { kind = "forgot-details", note = "my sister\'s name", repaired = false },\n'
        '    { kind = "distracted", repaired = true, repaired_on = 2026-11-10 },\n]\n'
    ),
    "entries/2026-11-05.toml": (
        'schema_version = 1\nid = "2026-11-05"\ndate = 2026-11-05\ntherapist = "Dr. Lee"\n'
        'status = "attended"\nincidents = [\n'
        '    { kind = "jargon", repaired = true, repaired_on = 2026-11-10 },\n]\n'
    ),
}


@pytest.fixture
def slips(cli: Cli, journal_path: Path) -> dict[str, bytes]:
    """Two earlier sessions with Dr. Lee (now named "Dr. Lee Park") in which something went wrong."""
    for day, incidents in (
        ("2026-11-03", ["forgot-details: my sister's name", "distracted"]),
        ("2026-11-05", ["jargon"]),
    ):
        flags = [flag for incident in incidents for flag in ("--incident", incident)]
        result = cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", day, *flags)
        assert result.exit_code == 0, result.stderr
    assert cli("therapists", "rename", "Dr. Lee", "Dr. Lee Park").exit_code == 0
    return files_snapshot(journal_path)


def modes(root: Path) -> dict[str, int]:
    """The permission bits of every file and folder of the journal (its cache aside)."""
    return {
        str(path.relative_to(root)): stat.S_IMODE(path.stat().st_mode)
        for path in [root, *root.rglob("*")]
        if ".cache" not in path.relative_to(root).parts
    }


def private(root: Path) -> bool:
    return all(
        mode == (0o700 if (root / name).is_dir() else 0o600) for name, mode in modes(root).items()
    )


def test_each_repair_rewrites_its_entry_and_nothing_else(
    cli: Cli, journal_path: Path, slips: dict[str, bytes]
) -> None:
    """The therapist is named by a new name: the registry says it is the same person."""
    result = cli(
        "add", "--no-input", "--date", "2026-11-10", "--therapist", "Dr. Lee Park", *REPAIRS
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "2026-11-03: distracted marked repaired on 2026-11-10",
        "2026-11-05: jargon marked repaired on 2026-11-10",
    ]
    after = files_snapshot(journal_path)
    assert {name: after[name].decode() for name in REPAIRED} == REPAIRED
    assert set(after) == {*slips, "entries/2026-11-10.toml"}
    assert {name: data for name, data in after.items() if name not in REPAIRED} == {
        **{name: data for name, data in slips.items() if name not in REPAIRED},
        "entries/2026-11-10.toml": b'schema_version = 1\nid = "2026-11-10"\ndate = 2026-11-10\n'
        b'therapist = "Dr. Lee Park"\nstatus = "attended"\n',
    }
    assert private(journal_path)


def test_a_repair_with_another_therapist_is_refused_and_writes_nothing(
    cli: Cli, journal_path: Path, slips: dict[str, bytes]
) -> None:
    result = cli("add", "--no-input", "--date", "2026-11-10", "--therapist", "Dr. Shah", *REPAIRS)
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == (
        "therapylog: --repairs 2026-11-03:distracted: that session was with Dr. Lee, this one "
        "is with Dr. Shah; only the same therapist can put it right"
    )
    assert files_snapshot(journal_path) == slips


def test_a_repair_that_would_push_an_earlier_entry_past_the_size_cap_writes_nothing(
    cli: Cli, journal_path: Path
) -> None:
    """Marking an incident repaired adds a few bytes to the earlier entry: one just under the
    1 MB cap would grow past it. Every rewrite is encoded before the new entry is written."""
    result = cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "2026-11-03",
                 "--incident", "distracted", "--note", "x" * 999_820)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (journal_path / "entries" / "2026-11-03.toml").stat().st_size == 999_991
    before = files_snapshot(journal_path)
    result = cli("add", "--no-input", "--date", "2026-11-10", "--repairs", "2026-11-03:distracted")
    assert result.exit_code == 2
    assert one_line_error(result.stderr) == (
        "therapylog: 2026-11-03: the entry would be 1,000,016 bytes, more than the 1,000,000 "
        "bytes (1 MB) an entry may hold; shorten the notes; nothing was saved"
    )
    assert files_snapshot(journal_path) == before


@pytest.mark.parametrize("failing", ["2026-11-03", "2026-11-05"], ids=["first", "second"])
@pytest.mark.parametrize("step", STEPS)
def test_a_failed_repair_write_takes_everything_back(
    step: str,
    failing: str,
    cli: Cli,
    journal_path: Path,
    slips: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    modes_before = modes(journal_path)
    # The new entry's write comes first, then the earlier entries' in the order given.
    skip = 1 if failing == "2026-11-03" else 2
    fault = inject(monkeypatch, Fault(step, errno.ENOSPC, journal_path, skip=skip))
    result = cli("add", "--no-input", "--date", "2026-11-10", "--therapist", "Dr. Lee", *REPAIRS)
    heal(monkeypatch)
    assert fault.fired == 1
    assert result.exit_code == 1
    path = journal_path / "entries" / f"{failing}.toml"
    assert one_line_error(result.stderr) == (
        f"therapylog: could not save {path}: the disk is full; the journal is unchanged; "
        "2026-11-10 was not added"
    )
    assert files_snapshot(journal_path) == slips
    assert modes(journal_path) == modes_before
    assert private(journal_path)
    assert leftover_files(journal_path) == []


def test_when_the_disk_stays_broken_the_message_names_what_could_not_be_put_back(
    cli: Cli, journal_path: Path, slips: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second earlier entry fails, and so does putting the first one back: the first keeps
    its repair (whole, never half written), the new entry is removed, and the message says so."""
    fault = inject(monkeypatch, Fault("write", errno.EIO, journal_path, skip=2, times=10**9))
    result = cli("add", "--no-input", "--date", "2026-11-10", "--therapist", "Dr. Lee", *REPAIRS)
    heal(monkeypatch)
    assert fault.fired == 2, "the second earlier entry, then putting the first back"
    assert result.exit_code == 1
    first = journal_path / "entries" / "2026-11-03.toml"
    second = journal_path / "entries" / "2026-11-05.toml"
    assert one_line_error(result.stderr) == (
        f"therapylog: could not save {second}: the disk reported an input/output error; "
        f"2026-11-10 was not added, but {first} could not be put back as it was"
    )
    after = files_snapshot(journal_path)
    assert after == {
        **slips,
        "entries/2026-11-03.toml": REPAIRED["entries/2026-11-03.toml"].encode(),
    }
    assert private(journal_path)
    assert leftover_files(journal_path) == []


def test_two_entries_that_could_not_be_put_back_are_both_named(
    cli: Cli, journal_path: Path, slips: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third earlier entry fails, and putting back both the others fails too: the message
    names both, in plain words ("A and B could not be put back as they were")."""
    third = cli("add", "--no-input", "--therapist", "Dr. Lee", "--date", "2026-11-07",
                "--incident", "dismissive")  # fmt: skip
    assert third.exit_code == 0, third.stderr
    repairs = (*REPAIRS, "--repairs", "2026-11-07:dismissive")
    fault = inject(monkeypatch, Fault("write", errno.EIO, journal_path, skip=3, times=10**9))
    result = cli("add", "--no-input", "--date", "2026-11-10", "--therapist", "Dr. Lee", *repairs)
    heal(monkeypatch)
    assert fault.fired == 3, "the third earlier entry, then putting back the other two"
    assert result.exit_code == 1
    entries = journal_path / "entries"
    assert one_line_error(result.stderr) == (
        f"therapylog: could not save {entries / '2026-11-07.toml'}: the disk reported an "
        f"input/output error; 2026-11-10 was not added, but {entries / '2026-11-03.toml'} and "
        f"{entries / '2026-11-05.toml'} could not be put back as they were"
    )

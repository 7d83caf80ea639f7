"""Promise: a damaged file costs that file only, is reported, and is never overwritten.

A corpus of damaged journal files sits beside good ones. `check` names each with its reason;
every read skips them; `report` works on the rest and says how many files it skipped; no
command ever writes over them.

Decided: a file that is valid apart from a UTF-8 byte-order mark or Windows (CRLF) line
endings is *not* damaged. The codec strips the BOM and TOML accepts CRLF, so these are read
as ordinary entries (CRLF inside a multi-line string reads as LF), and the tests assert that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.helpers import leftover_files, run_therapylog

GOOD = """\
schema_version = 1
id = "{id}"
date = {date}
therapist = "Dr. Lee"
status = "attended"
mood_before = 4
mood_after = 6
tags = ["sleep"]
notes = \"\"\"
line one
line two\"\"\"

[alliance]
heard = 8
goals = 7
approach = 8
overall = 8
"""


def good(entry_id: str) -> bytes:
    return GOOD.format(id=entry_id, date=entry_id[:10]).encode()


def with_line(entry_id: str, old: str, new: str) -> bytes:
    data = good(entry_id).decode()
    assert old in data
    return data.replace(old, new, 1).encode()


#: file name -> (bytes, a fragment of the reason `check` must give)
DAMAGED: dict[str, tuple[bytes, str]] = {
    "2026-10-01.toml": (good("2026-10-01")[:60], "not valid TOML"),  # cut inside a string
    "2026-10-02.toml": (good("2026-10-02")[:48], "therapist: is required"),  # cut at a line end
    "2026-10-03.toml": (bytes(range(256)) * 3, "not valid UTF-8 text"),
    "2026-10-04.toml": (
        good("2026-10-04").replace(b"line one", b"line \xff one"),
        "not valid UTF-8 text (byte 162)",
    ),
    "2026-10-05.toml": (
        with_line("2026-10-05", "status =", 'therapist = "Dr. Kay"\nstatus ='),
        "not valid TOML",
    ),
    "2026-10-06.toml": (
        with_line("2026-10-06", "mood_before = 4", 'mood_before = "4"'),
        "mood_before: '4' has the wrong type",
    ),
    "2026-10-07.toml": (
        with_line("2026-10-07", "mood_after = 6", "mood_after = 11"),
        "mood_after: 11 is out of range",
    ),
    "2026-10-08.toml": (
        with_line("2026-10-08", "schema_version = 1", "schema_version = 2"),
        "written by a newer therapylog",
    ),
    "2026-10-09.toml": (b"", "the file is empty"),
    "2026-10-10.toml": (b"\n  \r\n\t\n", "the file is empty"),
    "2026-10-11.toml": (
        with_line("2026-10-11", "schema_version = 1\n", ""),
        "schema_version is missing",
    ),
    "2026-10-12.toml": (good("2026-10-13"), "does not match its id"),
    "2026-10-14.toml": (
        with_line("2026-10-14", "status =", "colour = 'blue'\nstatus ="),
        "colour: is not a known field",
    ),
    "2026-10-15.toml": (
        with_line("2026-10-15", "status =", 'status = "maybe"\nx ='),
        "status: 'maybe' is not valid",
    ),
    "2026-10-16.toml": (
        with_line("2026-10-16", "schema_version = 1", 'schema_version = "1"'),
        "schema_version '1' is not a positive whole number",
    ),
    "2026-10-17.toml": (
        with_line("2026-10-17", "mood_before = 4", "mood_before = true"),
        "mood_before: True has the wrong type",
    ),
    "2026-10-18.toml": (
        with_line("2026-10-18", "heard = 8", "heard = -1"),
        "alliance.heard: -1 is out of range",
    ),
    "2026-10-19.toml": (
        with_line("2026-10-19", 'tags = ["sleep"]', 'tags = "sleep"'),
        "tags: 'sleep' has the wrong type",
    ),
    "2026-10-20.toml": (b"schema_version = 1\nx = " + b"[" * 5000, "nested too deeply"),
    "2026-10-21.toml": (b'schema_version = 1\nid = "2026-10-21"\0', "not valid TOML"),
    "1899-12-31.toml": (good("1899-12-31"), "1899-12-31 is before 1900-01-01"),
    "goals.toml": (
        b'schema_version = 1\n[[goals]]\nid = "a"\ntitle = "A"\ncreated = 2026-01-01\n[[goals]]\nid = "a"\ntitle = "B"\ncreated = 2026-01-01\n',
        "goal ids used twice: a",
    ),
    "settings.toml": (
        b"schema_version = 1\n[thresholds]\nempathic_window = 'eight'\n",
        "empathic_window",
    ),
}

#: valid apart from a BOM and/or CRLF line endings: read as ordinary entries
READ_FINE: dict[str, bytes] = {
    "2026-09-01.toml": good("2026-09-01"),
    "2026-09-02.toml": b"\xef\xbb\xbf" + good("2026-09-02"),
    "2026-09-03.toml": good("2026-09-03").replace(b"\n", b"\r\n"),
    "2026-09-04.toml": b"\xef\xbb\xbf" + good("2026-09-04").replace(b"\n", b"\r\n"),
}


def _place(journal_path: Path, name: str, data: bytes) -> Path:
    path = (
        journal_path / name
        if name.endswith(("goals.toml", "settings.toml"))
        else (journal_path / "entries" / name)
    )
    # Placed with the modes therapylog gives its own files: the damage is in the content
    # (loose modes are test_cli_check.py's subject).
    for folder in (journal_path, path.parent):
        folder.mkdir(mode=0o700, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)
    return path


@pytest.fixture
def corpus(journal_path: Path) -> dict[str, bytes]:
    for name, (data, _) in DAMAGED.items():
        _place(journal_path, name, data)
    for name, data in READ_FINE.items():
        _place(journal_path, name, data)
    return files_snapshot(journal_path)


def test_check_reports_each_damaged_file_with_its_reason(
    cli: Cli, journal_path: Path, corpus: dict[str, bytes]
) -> None:
    result = cli("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for name, (_, reason) in DAMAGED.items():
        matching = [
            line for line in lines if line.startswith(f"{journal_path}/") and f"/{name}: " in line
        ]
        assert len(matching) == 1, (name, lines)
        assert reason in matching[0], (name, matching[0])
    assert lines[-1] == (
        f"therapylog: {len(DAMAGED)} problems in {journal_path} ({len(READ_FINE)} entries are fine)"
    )
    assert files_snapshot(journal_path) == corpus


def test_bom_and_crlf_files_are_read_like_any_other(cli: Cli, corpus: dict[str, bytes]) -> None:
    for name in READ_FINE:
        entry_id = name.removesuffix(".toml")
        result = cli("show", entry_id, "--json")
        assert result.exit_code == 0, result.stderr
        shown = json.loads(result.stdout)
        assert shown["therapist"] == "Dr. Lee"
        assert (shown["mood_before"], shown["mood_after"], shown["tags"]) == (4, 6, ["sleep"])
        assert shown["notes"] == "line one\nline two"
        assert shown["alliance"] == {"heard": 8, "goals": 7, "approach": 8, "overall": 8}


def test_reads_skip_damaged_files_and_say_so(cli: Cli, corpus: dict[str, bytes]) -> None:
    result = cli("list", "--json")
    assert result.exit_code == 0
    ids = [entry["id"] for entry in json.loads(result.stdout)]
    assert sorted(ids) == sorted(name.removesuffix(".toml") for name in READ_FINE)
    damaged_entries = sum(1 for name in DAMAGED if name[0].isdigit())
    assert f"note: {damaged_entries} damaged files skipped" in result.stderr

    backup = cli("backup")
    assert backup.exit_code == 0
    assert len(json.loads(backup.stdout)["entries"]) == len(READ_FINE)
    assert "damaged files skipped; run `therapylog check` for details" in backup.stderr


@pytest.mark.parametrize("name", [name for name in DAMAGED if name[0].isdigit()])
def test_show_names_the_damage(
    cli: Cli, journal_path: Path, corpus: dict[str, bytes], name: str
) -> None:
    result = cli("show", name.removesuffix(".toml"))
    assert result.exit_code == 1
    assert str(journal_path / "entries" / name) in result.stderr
    assert DAMAGED[name][1] in result.stderr


def test_report_works_on_the_rest_and_counts_what_it_skipped(
    cli: Cli, corpus: dict[str, bytes]
) -> None:
    result = cli("report", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["entries"] == len(READ_FINE)
    assert report["summary"]["skipped_files"] == len(DAMAGED)
    assert f"note: {len(DAMAGED)} damaged files skipped" in result.stderr


def test_no_command_overwrites_a_damaged_file(
    cli: Cli, journal_path: Path, corpus: dict[str, bytes], tmp_path: Path
) -> None:
    damaged_ids = [name.removesuffix(".toml") for name in DAMAGED if name[0].isdigit()]
    editor = tmp_path / "editor.py"
    editor.write_text("import pathlib, sys\npathlib.Path(sys.argv[1]).write_text('x = 1\\n')\n")
    for entry_id in damaged_ids:
        # edit and rm refuse a file they cannot read
        assert cli("edit", entry_id, env={"EDITOR": f"{sys.executable} {editor}"}).exit_code == 1
        assert cli("rm", entry_id, "--yes").exit_code == 1
    # add on the same day takes the next free id, never the damaged file's
    result = cli("add", "--no-input", "--date", "2026-10-01", "--therapist", "Dr. Lee")
    assert (result.exit_code, result.stdout.strip()) == (0, "2026-10-01-2")
    # goals refuse to rewrite a goals.toml they could not read
    result = cli("goals", "add", "Walk")
    assert result.exit_code == 1 and "goals.toml" in result.stderr
    # import keeps an entry whose id is taken by a damaged file under a new id
    backup = tmp_path / "backup.json"
    backup.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "goals": [],
                "entries": [
                    {"id": entry_id, "date": entry_id[:10], "therapist": "Dr. Lee"}
                    for entry_id in damaged_ids
                    if entry_id >= "1900"
                ],
            }
        )
    )
    result = cli("import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert cli("report", "--all").exit_code == 0
    after = files_snapshot(journal_path)
    assert {name: after[name] for name in corpus} == corpus
    assert (journal_path / "entries" / "2026-10-01-2.toml").exists()


def test_a_leftover_temporary_file_is_never_read_and_goes_at_the_next_write(
    cli: Cli, journal_path: Path, corpus: dict[str, bytes]
) -> None:
    leftover = journal_path / "entries" / ".2026-11-20.toml.k3j9x2.tmp"
    leftover.write_bytes(good("2026-11-20"))  # a complete entry that never got its name
    half = journal_path / ".goals.toml.a8b7c6.tmp"
    half.write_bytes(b"schema_version = 1\n[[goa")
    assert "2026-11-20" not in cli("list", "--json").stdout
    assert ".tmp" not in cli("check").stderr
    assert cli("show", "2026-11-20").exit_code == 1
    assert leftover_files(journal_path) == [half, leftover]
    assert cli("add", "--no-input", "--therapist", "Dr. Lee").exit_code == 0
    assert leftover_files(journal_path) == []


def test_a_fifo_named_like_an_entry_does_not_hang_reads(
    journal_path: Path, corpus: dict[str, bytes], proc_env: dict[str, str]
) -> None:
    os.mkfifo(journal_path / "entries" / "2026-10-30.toml")
    try:
        result = run_therapylog("check", env=proc_env, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("check hung on a FIFO named like an entry")
    assert result.returncode == 1
    assert "2026-10-30.toml: cannot be read: not a regular file" in result.stderr
    assert run_therapylog("list", env=proc_env, timeout=30).returncode == 0


def test_symlinks_and_folders_named_like_entries_are_reported(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.toml"
    victim.write_bytes(good("2026-10-25"))
    entries = journal_path / "entries"
    entries.mkdir(parents=True)
    (entries / "2026-10-25.toml").symlink_to(victim)
    (entries / "2026-10-26.toml").mkdir()
    result = cli("check")
    assert result.exit_code == 1
    assert "2026-10-25.toml: is a symbolic link" in result.stderr
    assert "2026-10-26.toml: cannot be read" in result.stderr
    assert victim.read_bytes() == good("2026-10-25")

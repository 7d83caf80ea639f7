"""The real entry point (``python -m therapylog``): it ends the process without tearing the
interpreter down (``cli.app._end``), so everything it printed must still arrive, with the
right exit code, and a failure to print must be said in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.e2e


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "therapylog", *args]


def run(
    *args: str, journal: Path, stdout: int | IO[bytes] = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "THERAPYLOG_JOURNAL": str(journal)}
    return subprocess.run(
        command(*args), env=environment, stdout=stdout, stderr=subprocess.PIPE, timeout=60
    )


@pytest.fixture
def recorded(cli: Cli, journal_path: Path) -> Path:
    for day in range(1, 29):
        args = ["add", "--no-input", "--date", f"2026-10-{day:02d}", "--therapist", "Dr Lee"]
        moods = ["--mood-before", "4", "--mood-after", str(day % 11)]
        assert cli(*args, *moods, "--note", "A long note. " * 300).exit_code == 0
    return journal_path


def test_everything_printed_arrives_whole(cli: Cli, recorded: Path) -> None:
    result = run("report", "--all", "--json", journal=recorded)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert json.loads(result.stdout) == json.loads(cli("report", "--all", "--json").stdout)
    listing = run("list", journal=recorded)
    assert listing.stdout.decode() == cli("list").stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--version"], 0),
        (["kinds"], 0),
        (["add", "--no-input", "--mood-before", "11"], 2),
        (["show", "1999-01-01"], 1),
    ],
)
def test_exit_codes_survive_the_fast_exit(recorded: Path, args: list[str], code: int) -> None:
    result = run(*args, journal=recorded)
    assert result.returncode == code
    if code:
        assert result.stderr.decode().count("\n") == 1
        assert b"Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--version"], id="written-during-the-command"),  # typer.echo flushes
        pytest.param(["report", "--month", "2026-10", "--json"], id="written-at-the-end"),
    ],
)
def test_output_that_cannot_be_written_is_one_line_and_exit_code_1(
    recorded: Path, args: list[str]
) -> None:
    with Path("/dev/full").open("wb") as full:
        result = run(*args, journal=recorded, stdout=full)
    assert result.returncode == 1
    message = result.stderr.decode()
    assert message.startswith("therapylog: could not write the output:")
    assert message.count("\n") == 1 and "Traceback" not in message


def test_a_reader_that_goes_away_is_not_an_error_message(recorded: Path) -> None:
    """``therapylog list --json | head -1``: no traceback, no 'Exception ignored' at exit."""
    process = subprocess.Popen(
        command("list", "--json"),  # about 100 KB: more than a pipe holds
        env={**os.environ, "THERAPYLOG_JOURNAL": str(recorded)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # before the rest is written
    errors = process.stderr.read()
    assert process.wait(timeout=60) in (0, 1)
    assert b"Traceback" not in errors and b"Exception ignored" not in errors

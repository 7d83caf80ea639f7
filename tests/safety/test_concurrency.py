"""Promise: writers never lose each other's entries, and a busy journal says so.

Four processes adding 25 entries each on the same day end with 100 entries, 100 distinct ids,
and every note where it was written. While another process holds the journal's lock, a
writing command waits a bounded time (THERAPYLOG_LOCK_TIMEOUT, default 10 s), then exits 1
with one clear line and changes nothing; reading commands are not blocked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.helpers import (
    leftover_files,
    one_line_error,
    parse_all_entry_files,
    run_therapylog,
    therapylog_command,
)
from therapylog.journal.storage import DEFAULT_LOCK_TIMEOUT, Journal

WORKERS, ADDS = 4, 25

#: One process adding ADDS entries in a row. It builds the command once, as `python -m
#: therapylog` does (calling the app builds it on every call: 20-30 ms of typer), says it is
#: ready, and waits for the start, so that the workers' adds really overlap.
WORKER = """
import sys, time
from pathlib import Path
from typer.main import get_command
from therapylog.cli.app import app

command = get_command(app)
go, worker = Path(sys.argv[1]), sys.argv[2]
(go.parent / f"ready-{worker}").touch()
while not go.exists():
    time.sleep(0.001)
for i in range(int(sys.argv[3])):
    args = ["add", "--no-input", "--therapist", "T", "--note", f"w{worker}-{i}"]
    code = command.main(args, standalone_mode=False)
    if code:
        sys.exit(code)
"""

HOLDER = """
import sys, time
from pathlib import Path
from therapylog.journal.storage import Journal

with Journal(Path(sys.argv[1])).locked():
    print("held", flush=True)
    time.sleep(120)
"""


def _expected_notes() -> set[str]:
    return {f"w{worker}-{i}" for worker in range(WORKERS) for i in range(ADDS)}


def _assert_all_entries_present(
    journal_path: Path, ids: list[str], proc_env: dict[str, str]
) -> None:
    assert len(ids) == WORKERS * ADDS
    assert len(set(ids)) == len(ids), "two adds were given the same id"
    notes = parse_all_entry_files(journal_path)
    assert set(notes) == set(ids)
    assert set(notes.values()) == _expected_notes(), "an entry was overwritten"
    assert leftover_files(journal_path) == []
    check = run_therapylog("check", env=proc_env)
    assert check.returncode == 0, check.stderr
    assert f"{WORKERS * ADDS} entries, all fine" in check.stdout


def test_four_processes_adding_on_one_day_keep_all_100_entries(
    journal_path: Path, tmp_path: Path, proc_env: dict[str, str]
) -> None:
    env = {**proc_env, "THERAPYLOG_LOCK_TIMEOUT": "60"}
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), str(go), str(worker), str(ADDS)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(WORKERS)
    ]
    ready = [tmp_path / f"ready-{worker}" for worker in range(WORKERS)]
    deadline = time.monotonic() + 120
    while not all(path.exists() for path in ready):  # every worker has imported: start together
        assert all(worker.poll() is None for worker in workers), "a worker ended before the start"
        assert time.monotonic() < deadline, "the workers never got ready"
        time.sleep(0.01)
    go.touch()
    ids = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        ids += out.split()
    _assert_all_entries_present(journal_path, ids, proc_env)


@pytest.mark.slow
def test_four_streams_of_separate_add_commands_keep_all_100_entries(
    journal_path: Path, proc_env: dict[str, str]
) -> None:
    env = {**proc_env, "THERAPYLOG_LOCK_TIMEOUT": "60"}
    ids: list[str] = []
    failures: list[str] = []

    def stream(worker: int) -> None:
        for i in range(ADDS):
            completed = subprocess.run(
                therapylog_command(
                    "add", "--no-input", "--therapist", "T", "--note", f"w{worker}-{i}"
                ),
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            if completed.returncode != 0:
                failures.append(completed.stderr)
            ids.extend(completed.stdout.split())

    threads = [threading.Thread(target=stream, args=(worker,)) for worker in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    _assert_all_entries_present(journal_path, ids, proc_env)


@pytest.fixture
def lock_holder(journal_path: Path, tmp_path: Path, proc_env: dict[str, str]):
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    holder = subprocess.Popen(
        [sys.executable, str(script), str(journal_path)],
        env=proc_env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.wait()


@pytest.fixture
def filled_journal(cli: Cli, tmp_path: Path) -> Path:
    assert cli("goals", "add", "Sleep", "--id", "sleep").exit_code == 0
    assert cli("add", "--no-input", "--date", "2026-11-20", "--therapist", "A").exit_code == 0
    backup = tmp_path / "backup.json"
    backup.write_text(
        json.dumps(
            {
                "format": "therapylog-backup",
                "version": 1,
                "entries": [{"id": "2026-11-01", "date": "2026-11-01", "therapist": "B"}],
            }
        )
    )
    return backup


LOCK_TIMEOUT = 0.5
WRITERS = {
    "add": ("add", "--no-input", "--therapist", "A"),
    "rm": ("rm", "2026-11-20", "--yes"),
    "edit": ("edit", "2026-11-20"),
    "goals-add": ("goals", "add", "Walk"),
    "goals-done": ("goals", "done", "sleep"),
    "import": ("import", "{backup}"),
}


@pytest.mark.parametrize("command", list(WRITERS))
def test_a_held_lock_gives_a_clear_message_after_a_bounded_wait_and_no_change(
    command: str,
    journal_path: Path,
    tmp_path: Path,
    filled_journal: Path,
    lock_holder: subprocess.Popen[str],
    proc_env: dict[str, str],
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text() + 'notes = \"x\"\\n')\n"
    )
    env = {
        **proc_env,
        "THERAPYLOG_LOCK_TIMEOUT": str(LOCK_TIMEOUT),
        "EDITOR": f"{sys.executable} {editor}",
    }
    before = files_snapshot(journal_path)
    args = [arg.format(backup=filled_journal) for arg in WRITERS[command]]
    started = time.monotonic()
    try:  # a subprocess, so that a wait without bound fails the test instead of hanging it
        result = run_therapylog(*args, env=env, timeout=LOCK_TIMEOUT + 30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} waited for the lock without bound")
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stdout + result.stderr
    message = one_line_error(result.stderr)
    assert "is busy" in message and "nothing was changed" in message, message
    assert LOCK_TIMEOUT <= elapsed < LOCK_TIMEOUT + 10
    after = files_snapshot(journal_path)
    rescued = {name for name in after if name.startswith("rescued/")}
    assert {name: data for name, data in after.items() if name not in rescued} == before
    if command == "edit":
        assert len(rescued) == 1 and rescued.pop() in message  # the edit is kept aside


def test_reads_are_not_blocked_by_a_writer(
    cli: Cli, filled_journal: Path, lock_holder: subprocess.Popen[str]
) -> None:
    reads = (
        ("list", "--json"),
        ("show", "2026-11-20"),
        ("check",),
        ("backup",),
        ("report", "--all"),
    )
    for args in reads:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)


def test_a_writer_killed_while_holding_the_lock_does_not_block_the_next(
    cli: Cli, filled_journal: Path, lock_holder: subprocess.Popen[str]
) -> None:
    lock_holder.kill()  # SIGKILL: no chance to release anything
    lock_holder.wait()
    started = time.monotonic()
    result = cli("add", "--no-input", "--therapist", "A", env={"THERAPYLOG_LOCK_TIMEOUT": "5"})
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started < 2


def test_the_wait_is_bounded_by_default(
    monkeypatch: pytest.MonkeyPatch, journal_path: Path
) -> None:
    monkeypatch.delenv("THERAPYLOG_LOCK_TIMEOUT")
    assert Journal(journal_path).lock_timeout == DEFAULT_LOCK_TIMEOUT == 10
    monkeypatch.setenv("THERAPYLOG_LOCK_TIMEOUT", "soon")
    result = Cli()("add", "--no-input", "--therapist", "A")
    assert result.exit_code == 2
    assert "THERAPYLOG_LOCK_TIMEOUT" in one_line_error(result.stderr)

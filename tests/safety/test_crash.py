"""Promise: an entry `add` acknowledged is never lost, and a crash never leaves a broken file.

`therapylog add` runs in a subprocess again and again and is killed with SIGKILL at random
moments: half of the kills at a random time in the command's whole run, half at a random time
after its write has begun (the write is slowed down a little, see subprocess_site/crash_window,
so that kills land in every step of it). After every kill:

- every acknowledged add (it printed its id and exited 0) is present with its own content;
- every entry file parses (no half-written file ever appears under an entry's name);
- the journal reads cleanly: no temporary file is read as an entry, and the index
  serves exactly what the files say;
- temporary files left by a kill are gone after the next acknowledged add;

and at the end `therapylog check` passes.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import time
from pathlib import Path

import pytest

from tests.safety.helpers import (
    leftover_files,
    parse_all_entry_files,
    run_therapylog,
    therapylog_command,
)
from therapylog.journal.storage import Journal

KILLS = 200
WRITE_DELAY = 0.004  # seconds before each call of the write: about 30 ms for a whole write
SEED = int(os.environ.get("THERAPYLOG_CRASH_SEED", "20261122"))


def _verify(journal_path: Path, acknowledged: dict[str, str]) -> list[Path]:
    """Check the journal after a run; return the temporary files left in it."""
    on_disk = parse_all_entry_files(journal_path)  # raises on a partial or broken file
    for entry_id, note in acknowledged.items():
        assert on_disk.get(entry_id) == note, f"acknowledged entry {entry_id} was lost"
    read = Journal(journal_path).read_entries()
    assert read.problems == [], read.problems
    assert {entry.id: entry.notes for entry in read.entries} == on_disk
    return leftover_files(journal_path)


@pytest.mark.slow
def test_kill_9_during_add_never_loses_an_acknowledged_entry(
    journal_path: Path, tmp_path: Path, proc_env: dict[str, str]
) -> None:
    rng = random.Random(SEED)
    env = {**proc_env, "THERAPYLOG_TEST_WRITE_DELAY": str(WRITE_DELAY)}
    acknowledged: dict[str, str] = {}
    durations: list[float] = []
    kills = kills_in_write = runs_with_leftovers = cleanups = 0
    leftovers: list[Path] = []
    run = 0
    while kills < KILLS:
        run += 1
        assert run < KILLS * 3, "too few runs could be killed: is add much faster than expected?"
        note = f"crash run {run}"
        marker = tmp_path / f"write-began-{run}"
        started = time.monotonic()
        process = subprocess.Popen(
            therapylog_command("add", "--no-input", "--therapist", "Crash", "--note", note),
            env={**env, "THERAPYLOG_TEST_WRITE_MARKER": str(marker)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        in_write = run % 2 == 0 and bool(durations)
        if not durations:
            pass  # the first run completes: it tells how long a run takes
        elif in_write:
            deadline = time.monotonic() + 30
            while not marker.exists() and process.poll() is None:
                assert time.monotonic() < deadline, "the write never began"
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 12 * WRITE_DELAY))
        else:
            time.sleep(rng.uniform(0, 1.5 * statistics.median(durations)))
        if durations:
            process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=60)
        if process.returncode == 0:
            durations.append(time.monotonic() - started)
            acknowledged[out.strip()] = note
            if leftovers:
                cleanups += 1
        else:
            assert process.returncode == -signal.SIGKILL, err
            kills += 1
            kills_in_write += in_write and marker.exists()
        leftovers = _verify(journal_path, acknowledged)
        if process.returncode == 0:
            assert leftovers == [], "an acknowledged add left (or did not clean up) temp files"
        runs_with_leftovers += bool(leftovers)

    # The test really exercised what it claims to.
    stats = (
        f"{run} runs, {kills} kills ({kills_in_write} during the write), "
        f"{runs_with_leftovers} left temp files, {cleanups} cleanups, {len(acknowledged)} acks"
    )
    assert kills_in_write >= KILLS // 3, stats
    assert runs_with_leftovers >= 5, f"kills hardly ever left a temporary file: {stats}"
    assert cleanups >= 1, f"no acknowledged add followed a kill that left temp files: {stats}"
    assert len(acknowledged) >= 5, stats
    check = run_therapylog("check", env=proc_env)
    assert check.returncode == 0, check.stderr
    final = run_therapylog("add", "--no-input", "--therapist", "Crash", env=proc_env)
    assert final.returncode == 0
    assert leftover_files(journal_path) == []

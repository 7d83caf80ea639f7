"""The journal's write lock (therapylog.journal.locking), on its own."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from therapylog.journal.locking import LockBusyError, exclusive_lock

HOLD = """
import sys, time
from pathlib import Path
from therapylog.journal.locking import exclusive_lock
with exclusive_lock(Path(sys.argv[1]), 5):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_in_another_process(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_the_lock_file_is_created_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        with exclusive_lock(tmp_path / ".lock", 1):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / ".lock").stat().st_mode) == 0o600


def test_a_held_lock_times_out_after_the_wait(tmp_path: Path) -> None:
    holder = hold_in_another_process(tmp_path / ".lock", 30)
    try:
        started = time.monotonic()
        with pytest.raises(LockBusyError), exclusive_lock(tmp_path / ".lock", 0.3):
            pytest.fail("the lock was given to two processes at once")
        assert 0.25 <= time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()


def test_a_waiting_writer_gets_the_lock_when_it_is_released(tmp_path: Path) -> None:
    holder = hold_in_another_process(tmp_path / ".lock", 0.5)
    with exclusive_lock(tmp_path / ".lock", 10):
        assert holder.poll() is not None or holder.wait(5) == 0
    holder.wait()


def test_the_lock_is_released_when_the_block_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), exclusive_lock(tmp_path / ".lock", 1):
        raise RuntimeError("boom")
    with exclusive_lock(tmp_path / ".lock", 0):
        pass


def test_a_symlink_in_place_of_the_lock_is_refused_and_its_target_untouched(
    tmp_path: Path,
) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (tmp_path / ".lock").symlink_to(target)
    with pytest.raises(OSError), exclusive_lock(tmp_path / ".lock", 1):
        pytest.fail("a symlinked lock was followed")
    assert target.read_text() == "keep me"

"""Fixtures for the data-safety tests (docs/data-safety.md lists what each test proves)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.safety.helpers import subprocess_env
from tests.safety.subprocess_site.network_guard import LOG_VARIABLE


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Rescue files go to the temp folder: keep them inside this test's folder."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


#: The time a rescue is kept at under :func:`frozen_rescue_clock`, as its file name says it.
RESCUE_STAMP = "20261122-100000"


@pytest.fixture
def frozen_rescue_clock(monkeypatch: pytest.MonkeyPatch) -> str:
    """Rescues are kept at 2026-11-22 10:00:00, so their file names are known exactly; the
    stamp those names hold."""
    from therapylog.journal import rescue

    class FrozenClock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FrozenClock:
            return cls(2026, 11, 22, 10, 0, 0)

    monkeypatch.setattr(rescue.dt, "datetime", FrozenClock)
    return RESCUE_STAMP


@pytest.fixture
def network_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Where guarded subprocesses record network attempts; the test fails if any happened."""
    log = tmp_path / "network-attempts.log"
    monkeypatch.setenv(LOG_VARIABLE, str(log))
    yield log
    assert not log.exists(), f"a subprocess tried to reach the network:\n{log.read_text()}"


@pytest.fixture
def proc_env(network_log: Path) -> dict[str, str]:
    """Environment for `python -m therapylog` subprocesses: this test's journal, the guard."""
    return subprocess_env()

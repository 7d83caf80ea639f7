"""Shared fixtures. Every test runs against a temporary journal, never the user's real data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from typer.testing import CliRunner

from therapylog.cli.app import app
from therapylog.journal.storage import Journal

# Fails any test whose code reaches for the network (tests/safety/no_network.py).
pytest_plugins = ["tests.safety.no_network"]

FIXED_TODAY = "2026-11-22"

# Property tests without their own settings run as many examples as the profile says: enough to
# mean something in CI (CI=true, as .ci/run sets), fewer on a small shared machine. Choose one
# with HYPOTHESIS_PROFILE=ci|dev.
_QUIET = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("ci", max_examples=200, **_QUIET)
hypothesis_settings.register_profile("dev", max_examples=30, **_QUIET)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)

#: Set by benchmarks/mutation.py (docs/testing.md). Each mutant is tested against the same
#: property tests hundreds of times: they run a few fixed examples instead of many random ones,
#: so that a mutant's verdict is quick and the same on every run.
MUTATION_TESTING = bool(os.environ.get("THERAPYLOG_MUTATION"))
hypothesis_settings.register_profile(
    "mutation", max_examples=10, derandomize=True, database=None, **_QUIET
)
if MUTATION_TESTING:  # (after the others: it wins)
    hypothesis_settings.load_profile("mutation")


def examples(count: int) -> int:
    """``max_examples`` for a property test: ``count``, or at most 10 under mutation testing
    (an explicit ``max_examples`` would override the profile)."""
    return min(count, 10) if MUTATION_TESTING else count


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the journal, HOME and the XDG folders at a temporary directory."""
    home = tmp_path / "home"
    home.mkdir()
    journal = tmp_path / "journal"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    runtime = (
        tmp_path / "runtime"
    )  # where `edit` keeps the editing copy (therapylog.journal.scratch)
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("THERAPYLOG_JOURNAL", str(journal))
    monkeypatch.setenv("THERAPYLOG_TODAY", FIXED_TODAY)
    monkeypatch.setenv("THERAPYLOG_LOCK_TIMEOUT", "2")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    yield journal


@pytest.fixture
def journal_path(isolated_environment: Path) -> Path:
    return isolated_environment


@pytest.fixture
def journal(journal_path: Path) -> Journal:
    return Journal(journal_path)


class Cli:
    """Runs therapylog in-process through typer's test runner."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None):
        return self.runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


def files_snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes: to prove that nothing was written.

    The lock and the derived entry cache (``.cache/``, which any read may refresh) are not
    journal data and are left out.
    """
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ".lock" and ".cache" not in path.relative_to(root).parts
    }


__all__ = ["FIXED_TODAY", "Cli", "examples", "files_snapshot", "os"]

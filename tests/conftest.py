"""Shared fixtures. Every test runs against a temporary journal, never the user's real data."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from typer import testing as typer_testing
from typer._click import Command as ClickCommand
from typer.main import get_command
from typer.testing import CliRunner

from therapylog.cli.app import app
from therapylog.journal.storage import Journal

# Fails any test whose code reaches for the network (tests/safety/no_network.py).
pytest_plugins = ["tests.safety.no_network"]

FIXED_TODAY = "2026-11-22"

ROOT = Path(__file__).resolve().parent.parent
#: The example journals (examples/README.md). Tests read copies (example_journal below): every
#: read may refresh a journal's cache (.cache/), and examples/ belongs to the repository.
EXAMPLES = ROOT / "examples"

# Hypothesis profiles (docs/testing.md). CI (CI=true, as .ci/run sets) runs every property test
# in full: `ci`, 200 examples, and each test's own count. A run on a small shared machine tries
# fewer (`dev`, 30, and about a sixth of a test's own count): that is safe only because CI runs
# them all. HYPOTHESIS_PROFILE=ci|dev chooses one by hand.
_QUIET = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("ci", max_examples=200, **_QUIET)
hypothesis_settings.register_profile("dev", max_examples=30, **_QUIET)

#: Set by benchmarks/mutation.py (docs/testing.md). Each mutant is tested against the same
#: property tests hundreds of times: they run a few fixed examples instead of many random ones,
#: so that a mutant's verdict is quick and the same on every run.
MUTATION_TESTING = bool(os.environ.get("THERAPYLOG_MUTATION"))
hypothesis_settings.register_profile(
    "mutation", max_examples=10, derandomize=True, database=None, **_QUIET
)

#: The profile this run uses: mutation testing wins, then HYPOTHESIS_PROFILE, then CI or not.
PROFILE = (
    "mutation"
    if MUTATION_TESTING
    else os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)
hypothesis_settings.load_profile(PROFILE)


def examples(count: int) -> int:
    """``max_examples`` for a property test that sets its own (an explicit ``max_examples``
    overrides the profile, so it goes through here): ``count`` in CI (profile ``ci``), the
    ``dev`` share of it locally (30 of 200: about a sixth, never fewer than 10 or ``count``),
    and at most 10 under mutation testing."""
    if PROFILE == "mutation":
        return min(count, 10)
    if PROFILE == "dev":
        return max(min(count, 10), count * 30 // 200)
    return count


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


def copy_example(name: str, into: Path) -> Path:
    """A copy of the example journal ``examples/<name>`` in ``into`` (made once)."""
    target = into / "examples" / name
    if not target.exists():
        shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns(".cache"))
    return target


#: ``example_journal(name)``: the path of this test's copy of ``examples/<name>``.
ExampleJournal = Callable[[str], str]


@pytest.fixture
def example_journal(tmp_path: Path) -> ExampleJournal:
    """``example_journal(name)``: the path of this test's copy of ``examples/<name>``."""
    return lambda name: str(copy_example(name, tmp_path))


def with_example_copies(argv: list[str], example_journal: ExampleJournal) -> list[str]:
    """A documented command line (``report --journal examples/stalled``) pointed at copies."""
    return [
        example_journal(arg.removeprefix("examples/").rstrip("/"))
        if arg.startswith("examples/")
        else arg
        for arg in argv
    ]


#: Where a local run keeps its temporary folders: memory, when the machine has it (below).
MEMORY_FOLDER = Path("/dev/shm")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """A local run keeps the tests' temporary folders (every journal they write) in memory.

    Every write of therapylog is fsynced, and a test writes thousands of files: on a shared
    disk the fsyncs took half the wall time of the command tests. In memory the code runs the
    same, and only what no test can see (whether a power cut would keep the bytes) differs.
    CI runs on the disk (CI=true, as .ci/run sets); ``--basetemp=PATH`` chooses a folder.
    """
    if config.option.basetemp or os.environ.get("CI"):
        return
    if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK):
        config.option.basetemp = tempfile.mkdtemp(prefix="therapylog-tests-", dir=MEMORY_FOLDER)
        config.stash[_IN_MEMORY] = Path(config.option.basetemp)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Free the memory the run's folders held (pytest keeps the last runs' folders on disk)."""
    folder = config.stash.get(_IN_MEMORY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


_IN_MEMORY = pytest.StashKey[Path]()
_EXAMPLES_BEFORE = pytest.StashKey[dict[str, tuple[int, int]]]()


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")
    }


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_EXAMPLES_BEFORE] = _tree(EXAMPLES)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Fail the run if a test wrote into examples/ (a command pointed at it, not at a copy)."""
    before = session.config.stash.get(_EXAMPLES_BEFORE, None)
    if before is None:
        return
    after = _tree(EXAMPLES)
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    if changed:
        writer = session.config.get_terminal_writer()
        writer.line()
        writer.line(
            f"tests changed examples/ (use the example_journal fixture): {', '.join(changed[:10])}",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def journal_path(isolated_environment: Path) -> Path:
    return isolated_environment


@pytest.fixture
def journal(journal_path: Path) -> Journal:
    return Journal(journal_path)


# typer's test runner turns the app into a click command on every call (typer.testing calls
# typer.main.get_command each time): 15 to 35 ms of inspecting signatures, more than most commands
# take, thousands of times a run. The command depends only on the code, as in a real process,
# which builds it once: here too it is built once and reused.
_COMMAND = get_command(app)


def _command_of(typer_app: typer.Typer) -> ClickCommand:
    return _COMMAND if typer_app is app else get_command(typer_app)


assert typer_testing._get_command is get_command, "typer's test runner changed: see above"
typer_testing._get_command = _command_of


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

    The lock and the derived index (``.cache/``, which any read may refresh) are not
    journal data and are left out.
    """
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ".lock" and ".cache" not in path.relative_to(root).parts
    }


__all__ = [
    "EXAMPLES",
    "FIXED_TODAY",
    "Cli",
    "ExampleJournal",
    "copy_example",
    "examples",
    "files_snapshot",
    "os",
    "with_example_copies",
]

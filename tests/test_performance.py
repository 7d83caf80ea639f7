"""Start-up stays lean and the work grows no faster than the journal.

Timings themselves live in benchmarks/run.py (too slow and too noisy for a test suite); these
tests pin down the properties that keep them low: what each command imports, which files it
reads, and that the analysis is not quadratic. Those are marked `perf` (docs/testing.md): they
watch how the code works (its imports, its private reader, the clock), not what it does, so they
run in CI and when speed is the work, not in the everyday run, where a busy machine or a moved
module would fail them without a bug. Which entry is the latest is behaviour, and stays in it.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Cli
from therapylog.analysis import analyze
from therapylog.data.model import Entry, Goal, Thresholds
from therapylog.data.validation import validate
from therapylog.journal import codec
from therapylog.journal.index import SETTLE_NS, local_key
from therapylog.journal.storage import Journal


def imported_modules(*args: str, journal: Path | None = None) -> set[str]:
    """The modules ``python -m therapylog ARGS`` imports, from ``-X importtime``."""
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(journal or "/nonexistent")}
    if journal is not None:
        env["THERAPYLOG_JOURNAL"] = str(journal)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "therapylog", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.perf
@pytest.mark.e2e
@pytest.mark.parametrize("args", [["--version"], ["--help"]], ids=" ".join)
def test_version_and_help_import_neither_pydantic_nor_rich(args: list[str]) -> None:
    loaded = top_level(imported_modules(*args))
    assert "typer" in loaded  # the measurement works
    assert not loaded & {"pydantic", "pydantic_core", "rich", "filelock", "tomllib"}


@pytest.mark.perf
@pytest.mark.e2e
@pytest.mark.parametrize(
    "args",
    [["list", "--json"], ["report", "--all", "--json"], ["check"], ["add", "--no-input"]],
    ids=" ".join,
)
def test_commands_without_rich_output_do_not_import_rich(
    args: list[str], cli: Cli, journal_path: Path
) -> None:
    assert cli("add", "--no-input", "--therapist", "Dr Lee", "--date", "2026-11-01").exit_code == 0
    loaded = top_level(imported_modules(*args, journal=journal_path))
    assert "therapylog" in loaded  # the measurement works
    assert "rich" not in loaded


@pytest.mark.perf
@pytest.mark.e2e
def test_reading_a_settled_journal_parses_no_toml(cli: Cli, journal_path: Path) -> None:
    """With every file in the index, no TOML parser or writer is loaded to list or report; on
    a computer with a machine id (whose key proves the index was written here), nor is the
    validation engine; and a plain journal never loads the encryption (docs/performance.md)."""
    assert cli("goals", "add", "Sleep through the night", "--id", "sleep").exit_code == 0
    (journal_path / "settings.toml").write_text("schema_version = 1\n[thresholds]\nmood_drop = 1\n")
    for day in ("2026-10-01", "2026-10-08", "2026-11-01"):
        assert cli("add", "--no-input", "--therapist", "Dr Lee", "--date", day).exit_code == 0
    time.sleep(SETTLE_NS / 1e9 + 0.2)
    imported_modules("report", "--all", journal=journal_path)  # fills the index
    for args in (["list", "--json"], ["report", "--all", "--json"], ["list"], ["goals", "list"]):
        loaded = top_level(imported_modules(*args, journal=journal_path))
        assert "therapylog" in loaded
        assert not loaded & {"tomllib", "tomli_w", "cryptography"}, args
        if local_key(journal_path) is not None:
            assert "pydantic_core" not in loaded, args


def write_entries(journal: Journal, count: int) -> list[Entry]:
    journal.entries_dir.mkdir(parents=True)
    first = dt.date(2000, 1, 1)
    saved = []
    for index in range(count):
        day = first + dt.timedelta(days=index)
        entry = validate(
            Entry,
            {"id": day.isoformat(), "date": day, "therapist": f"T{index % 3}", "mood_before": 5},
        )
        journal.entry_path(entry.id).write_bytes(codec.entry_to_toml(entry))
        saved.append(entry)
    return saved


@pytest.mark.perf
def test_add_reads_only_the_newest_entry(
    cli: Cli, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entries(journal, 50)
    parsed: list[str] = []
    original = Journal._load_entry

    def counting(self: Journal, path: Path) -> Entry:
        parsed.append(path.name)
        return original(self, path)

    monkeypatch.setattr(Journal, "_load_entry", counting)
    monkeypatch.setattr(Journal, "read_entries", None)  # add must not read the whole journal
    result = cli("add", "--no-input", "--date", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    assert parsed == ["2000-02-19.toml"]
    assert journal.read_entry("2026-11-20").therapist == "T1"  # the latest entry's therapist


@pytest.mark.parametrize(
    "damage",
    [
        [],
        ["2026-11-20-10"],  # the newest entry is damaged: the one before it counts
        ["2026-11-20-10", "2026-11-20-9", "2026-11-20-2", "2026-11-20"],
    ],
)
def test_the_latest_entry_is_the_last_of_all_entries(journal: Journal, damage: list[str]) -> None:
    journal.entries_dir.mkdir(parents=True)
    ids = ["2026-11-19", "2026-11-20", *(f"2026-11-20-{n}" for n in (2, 9, 10))]
    for number, entry_id in enumerate(ids):
        entry = validate(Entry, {"id": entry_id, "date": entry_id[:10], "therapist": f"T{number}"})
        journal.entry_path(entry_id).write_bytes(codec.entry_to_toml(entry))
    for entry_id in damage:
        journal.entry_path(entry_id).write_text("not = = toml")
    (journal.entries_dir / "2026-11-21-1.toml").write_text("not an entry's name")
    (journal.entries_dir / "notes.toml").write_text("")
    assert journal.latest_entry() == journal.read_entries().entries[-1]


def test_the_latest_entry_of_an_empty_journal_is_none(journal: Journal) -> None:
    assert journal.latest_entry() is None
    journal.entries_dir.mkdir(parents=True)
    (journal.entries_dir / "2026-11-20.toml").write_text("")
    assert journal.latest_entry() is None


def history(count: int, therapists: int, seed: int = 7) -> list[Entry]:
    """A long, eventful history: incidents, cancellations, moods, scores, goals."""
    rng = random.Random(seed)
    kinds = ["forgot-details", "distracted", "jargon", "billing-error", "dismissive"]
    statuses = ["attended"] * 8 + ["therapist-cancelled", "client-cancelled", "double-booked"]
    first = dt.date(1990, 1, 1)
    entries = []
    for index in range(count):
        day = first + dt.timedelta(days=index)
        entries.append(
            validate(
                Entry,
                {
                    "id": day.isoformat(),
                    "date": day,
                    "therapist": f"Therapist {index * therapists // count}",
                    "status": rng.choice(statuses),
                    "mood_before": rng.randint(0, 10),
                    "mood_after": rng.randint(0, 10),
                    "progress": {"sleep": rng.choice(["none", "slight"])},
                    "incidents": [{"kind": rng.choice(kinds), "repaired": rng.random() < 0.5}]
                    if rng.random() < 0.3
                    else [],
                    "alliance": {"heard": 9, "goals": 8, "approach": 7, "overall": 9},
                    "phq9": rng.randint(0, 27) if rng.random() < 0.3 else None,
                },
            )
        )
    return entries


def best_time(function: object, repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` runs: what the code costs, not what else the machine
    runs meanwhile (wall time failed this test on a busy machine)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function()  # type: ignore[operator]
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.perf
@pytest.mark.parametrize("therapists", [1, 4])
def test_analysis_grows_about_linearly(therapists: int) -> None:
    """Ten times the entries, for one therapist or a few, costs well under a hundred times."""
    goals = [validate(Goal, {"id": "sleep", "title": "Sleep", "created": "1990-01-01"})]
    small, large = history(1_000, therapists), history(10_000, therapists)
    small_time = best_time(lambda: analyze(small, goals, Thresholds()))
    large_time = best_time(lambda: analyze(large, goals, Thresholds()))
    assert large_time < 1.0, f"{large_time:.3f} s for 10,000 entries"
    assert large_time < 30 * max(small_time, 0.002), (small_time, large_time)

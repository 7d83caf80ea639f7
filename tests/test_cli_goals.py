"""`therapylog goals`: add, list, done, drop."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.conftest import Cli, files_snapshot


def test_goal_lifecycle(cli: Cli, journal_path: Path) -> None:
    assert (
        cli("goals", "add", "Sleep through the night").stdout.strip() == "sleep-through-the-night"
    )
    assert cli("goals", "add", "Speak up at work", "--id", "speak-up").stdout.strip() == "speak-up"
    assert cli("goals", "done", "speak-up").exit_code == 0
    assert (
        cli("goals", "add", "Sleep through the night").stdout.strip() == "sleep-through-the-night-2"
    )
    assert cli("goals", "drop", "sleep-through-the-night-2").exit_code == 0
    listed = cli("goals", "list")
    assert "sleep-through-the-night " in listed.stdout + " "
    assert "speak-up" not in listed.stdout
    everything = json.loads(cli("goals", "list", "--json").stdout)
    assert [(g["id"], g["status"], g["created"]) for g in everything] == [
        ("sleep-through-the-night", "active", "2026-11-22"),
        ("speak-up", "achieved", "2026-11-22"),
        ("sleep-through-the-night-2", "dropped", "2026-11-22"),
    ]
    stored = tomllib.loads((journal_path / "goals.toml").read_text())
    assert stored["schema_version"] == 1
    assert len(stored["goals"]) == 3


def test_goal_errors(cli: Cli, journal_path: Path) -> None:
    cli("goals", "add", "Sleep", "--id", "sleep")
    before = files_snapshot(journal_path)
    for args, message, code in [
        (["goals", "add", "Again", "--id", "sleep"], "a goal 'sleep' exists already", 2),
        (["goals", "add", "X", "--id", "Bad Id"], "'Bad Id' is not a valid goal id", 2),
        (["goals", "add", "  "], "title: is empty", 2),
        (["goals", "done", "nope"], "no goal 'nope'; goals: sleep", 2),
    ]:
        result = cli(*args)
        assert result.exit_code == code, args
        assert message in result.stderr
    assert files_snapshot(journal_path) == before


def test_damaged_goals_file_is_never_overwritten(cli: Cli, journal_path: Path) -> None:
    journal_path.mkdir()
    damaged = b"schema_version = 1\n[[goals]\nid = 'x'\n"
    (journal_path / "goals.toml").write_bytes(damaged)
    result = cli("goals", "add", "Sleep")
    assert result.exit_code == 1
    assert "goals.toml: not valid TOML" in result.stderr
    assert (journal_path / "goals.toml").read_bytes() == damaged

"""Shell completion: commands, options and each kind of value, read cheaply and safely.

Driven as bash drives it: ``_THERAPYLOG_COMPLETE=complete_bash`` with ``COMP_WORDS`` (the
command line) and ``COMP_CWORD`` (the word being completed).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot


def complete(cli: Cli, line: str, *, env: dict[str, str] | None = None) -> list[str]:
    words = line.split(" ")
    result = cli(
        env={
            "_THERAPYLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        }
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]  # nothing: one empty line


@pytest.fixture
def filled(cli: Cli) -> None:
    assert cli("goals", "add", "Sleep through the night", "--id", "sleep").exit_code == 0
    assert cli("goals", "add", "Fewer panic attacks", "--id", "panic").exit_code == 0
    assert cli("goals", "add", "Old goal", "--id", "old").exit_code == 0
    assert cli("goals", "drop", "old").exit_code == 0
    for day, therapist in (("2026-10-01", "Dr Anna Lee"), ("2026-11-01", "Sam Okafor"),
                           ("2026-11-08", "sam okafor"), ("2026-11-15", "Sam Okafor")):  # fmt: skip
        added = cli("add", "--no-input", "--date", day, "--therapist", therapist, "--tag", "work")
        assert added.exit_code == 0, added.output
    assert cli("add", "--no-input", "--date", "2026-11-15", "--tag", "family").exit_code == 0


def test_commands_and_options(cli: Cli) -> None:
    assert complete(cli, "therapylog s") == ["search", "status", "show"]
    assert complete(cli, "therapylog list --st") == ["--status"]
    assert {"--grep", "--tag", "--incident", "--csv"} <= set(complete(cli, "therapylog list --"))
    assert "--install-completion" in complete(cli, "therapylog --")


def test_entry_ids_newest_first(cli: Cli, filled: None) -> None:
    assert complete(cli, "therapylog show 2026-11") == ["2026-11-15-2", "2026-11-15", "2026-11-08",
                                                        "2026-11-01"]  # fmt: skip
    assert complete(cli, "therapylog rm 2026-10") == ["2026-10-01"]
    assert complete(cli, "therapylog edit 2025") == []


def test_goal_ids_of_active_goals(cli: Cli, filled: None) -> None:
    assert complete(cli, "therapylog goals done ") == ["sleep", "panic"]
    assert complete(cli, "therapylog goals drop p") == ["panic"]
    assert complete(cli, "therapylog add --progress ") == ["sleep=", "panic="]
    assert complete(cli, "therapylog add --progress sleep=") == [
        "sleep=none", "sleep=slight", "sleep=clear", "sleep=major",
    ]  # fmt: skip


def test_incident_kinds_and_categories(cli: Cli) -> None:
    assert complete(cli, "therapylog add --incident mis") == ["mislabeled-emotion"]
    assert complete(cli, "therapylog add --repaired forgot") == [
        "forgot-details",
        "forgot-last-session",
    ]
    assert complete(cli, "therapylog list --incident emp") == ["empathic-failure"]
    assert complete(cli, "therapylog list --status therapist-n") == ["therapist-no-show"]
    assert complete(cli, "therapylog add --felt much") == ["much-worse", "much-better"]


def test_therapist_names_once_per_person_latest_first(cli: Cli, filled: None) -> None:
    assert complete(cli, "therapylog list --therapist ") == ["Sam Okafor", "Dr Anna Lee"]
    assert complete(cli, "therapylog report --therapist Dr") == ["Dr Anna Lee"]
    assert complete(cli, "therapylog add --therapist S") == ["Sam Okafor"]


def test_therapist_names_follow_the_registry(cli: Cli, filled: None) -> None:
    merged = cli("therapists", "merge", "Sam Okafor", "Dr Anna Lee")
    assert merged.exit_code == 0, merged.output
    assert complete(cli, "therapylog list --therapist ") == ["Sam Okafor"]


def test_tags(cli: Cli, filled: None) -> None:
    assert complete(cli, "therapylog list --tag ") == ["work", "family"]


def test_the_journal_named_on_the_command_line_is_used(
    cli: Cli, filled: None, journal_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    assert (
        cli("--journal", str(other), "add", "--no-input", "--therapist", "Jun Park").exit_code == 0
    )
    line = f"therapylog --journal {other} list --therapist "
    assert complete(cli, line) == ["Jun Park"]


def test_completion_never_fails_never_prompts_never_writes(
    cli: Cli, filled: None, journal_path: Path, tmp_path: Path
) -> None:
    (journal_path / "goals.toml").write_text("this is [ not toml")
    (journal_path / "entries" / "2026-11-20.toml").write_text("garbage =")
    before = files_snapshot(journal_path)
    assert complete(cli, "therapylog goals done ") == []
    assert complete(cli, "therapylog list --therapist ") == ["Sam Okafor", "Dr Anna Lee"]
    assert files_snapshot(journal_path) == before
    missing = {"THERAPYLOG_JOURNAL": str(tmp_path / "nowhere")}
    for line in ("therapylog show ", "therapylog goals done ", "therapylog list --therapist ",
                 "therapylog list --tag "):  # fmt: skip
        assert complete(cli, line, env=missing) == []
    assert not (tmp_path / "nowhere").exists()


def test_names_with_control_characters_are_never_offered(cli: Cli) -> None:
    cli("add", "--no-input", "--date", "2026-11-01", "--therapist", "Dr \x1b]0;x\x07Evil")
    cli("add", "--no-input", "--date", "2026-11-02", "--therapist", "Dr Good")
    assert complete(cli, "therapylog list --therapist Dr") == ["Dr Good"]


@pytest.mark.e2e
def test_show_completion_prints_a_script_for_each_shell(tmp_path: Path) -> None:
    for shell in ("bash", "zsh", "fish"):
        result = subprocess.run(
            [sys.executable, "-m", "therapylog", "--show-completion", shell],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )
        assert result.returncode == 0, result.stderr
        assert "_THERAPYLOG_COMPLETE" in result.stdout
    script = tmp_path / "completion.bash"
    script.write_text(
        subprocess.run(
            [sys.executable, "-m", "therapylog", "--show-completion", "bash"],
            capture_output=True,
            text=True,
            check=True,
            env={"PATH": "/usr/bin:/bin"},
        ).stdout
    )
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0

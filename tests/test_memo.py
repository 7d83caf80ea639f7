"""The memo of goals and settings (therapylog.journal.memo): never stale, never trusted blindly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from therapylog.data.catalogue import GoalStatus
from therapylog.data.model import Goal, Settings, Thresholds
from therapylog.data.validation import validate
from therapylog.journal import memo
from therapylog.journal.codec import goals_to_toml, settings_to_toml
from therapylog.journal.storage import Journal

GOALS = [
    validate(Goal, {"id": "sleep", "title": "Sleep through", "created": "2026-01-01"}),
    validate(
        Goal, {"id": "work", "title": "Back to work", "created": "2026-02-01", "status": "achieved"}
    ),
]
SETTINGS = Settings(Thresholds(empathic_warning=2, mood_drop=1.5))


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    journal = Journal(tmp_path / "journal")
    journal.root.mkdir()
    journal.goals_path.write_bytes(goals_to_toml(GOALS))
    journal.settings_path.write_bytes(settings_to_toml(SETTINGS))
    return journal


def memo_file(journal: Journal) -> Path:
    return journal.root / ".cache" / memo.FILE_NAME


def test_goals_and_settings_come_back_the_same_from_the_memo(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert journal.read_goals() == (GOALS, None)
    assert journal.read_settings() == (SETTINGS, None)
    assert memo_file(journal).stat().st_mode & 0o777 == 0o600

    def no_parsing(*args: object) -> None:
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr("therapylog.journal.codec.goals_from_toml", no_parsing)
    monkeypatch.setattr("therapylog.journal.codec.settings_from_toml", no_parsing)
    goals, _ = Journal(journal.root).read_goals()
    settings, _ = Journal(journal.root).read_settings()
    assert goals == GOALS and goals[1].status is GoalStatus.ACHIEVED
    assert settings == SETTINGS and isinstance(settings.thresholds.mood_drop, float)


def test_a_changed_file_is_read_again_whatever_its_times(journal: Journal) -> None:
    journal.read_goals()
    info = journal.goals_path.stat()
    changed = [GOALS[0].replace(title="Sleep well"), GOALS[1]]
    journal.goals_path.write_bytes(goals_to_toml(changed))
    os.utime(journal.goals_path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert journal.read_goals() == (changed, None)


def test_a_damaged_file_is_reported_on_every_read_and_never_remembered(journal: Journal) -> None:
    journal.goals_path.write_text("schema_version = 1\n[[goals]]\nid = 'Bad Id'\n")
    for _ in range(2):
        goals, problem = journal.read_goals()
        assert goals == [] and problem is not None and "goals[0]" in problem.reason
    assert not memo_file(journal).exists() or "Bad Id" not in memo_file(journal).read_text()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda files: files["goals.toml"]["value"][0].update(id="NOT A SLUG"),
        lambda files: files["goals.toml"]["value"][0].update(status="finished"),
        lambda files: files["settings.toml"]["value"]["thresholds"].update(empathic_warning="2"),
        lambda files: files["settings.toml"]["value"]["thresholds"].update(mood_drop=True),
        lambda files: files["settings.toml"]["value"]["thresholds"].update(empathic_warning=0),
        lambda files: files["settings.toml"]["value"]["thresholds"].pop("mood_drop"),
        lambda files: files.update({"goals.toml": "nonsense"}),
    ],
)
def test_a_memo_that_is_not_what_therapylog_writes_is_ignored(journal: Journal, tamper) -> None:
    journal.read_goals(), journal.read_settings()
    document = json.loads(memo_file(journal).read_text())
    tamper(document["files"])
    memo_file(journal).write_text(json.dumps(document))
    assert journal.read_goals() == (GOALS, None)
    assert journal.read_settings() == (SETTINGS, None)


@pytest.mark.parametrize("content", ["", "not json", '{"header": {}, "files": {}}', "[]"])
def test_a_broken_or_foreign_memo_file_is_ignored(journal: Journal, content: str) -> None:
    memo_file(journal).parent.mkdir(parents=True)
    memo_file(journal).write_text(content)
    assert journal.read_goals() == (GOALS, None)
    assert journal.read_settings() == (SETTINGS, None)


def test_a_memo_that_cannot_be_saved_costs_only_speed(journal: Journal) -> None:
    (journal.root / ".cache").write_text("a file where the cache folder should be")
    assert journal.read_goals() == (GOALS, None)
    assert journal.read_settings() == (SETTINGS, None)
    assert (journal.root / ".cache").read_text() == "a file where the cache folder should be"

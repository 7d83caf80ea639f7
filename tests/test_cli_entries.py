"""`list`, `show`, `edit` and `rm` through the test runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.cli import context


@pytest.fixture
def three_entries(cli: Cli) -> list[str]:
    ids = []
    for args in (
        [
            "--date",
            "2026-10-01",
            "--therapist",
            "Dr. Lee",
            "--mood-before",
            "4",
            "--mood-after",
            "5",
        ],
        ["--date", "2026-10-08", "--status", "therapist-cancelled"],
        [
            "--date",
            "2026-11-05",
            "--therapist",
            "Sam Okafor",
            "--incident",
            "jargon: [bold]CBT[/bold]",
        ],
    ):
        result = cli("add", "--no-input", *args)
        assert result.exit_code == 0, result.stderr
        ids.append(result.stdout.strip())
    return ids


def test_list_shows_newest_first(cli: Cli, three_entries: list[str]) -> None:
    result = cli("list")
    assert result.exit_code == 0
    rows = [line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()]
    assert rows == ["2026-11-05", "2026-10-08", "2026-10-01"]
    assert "therapist-cancelled" in result.stdout


def test_list_filters_by_period_and_therapist(cli: Cli, three_entries: list[str]) -> None:
    result = cli("list", "--json", "--since", "2026-10-05", "--until", "2026-11-01")
    assert [row["id"] for row in json.loads(result.stdout)] == ["2026-10-08"]
    result = cli("list", "--json", "--therapist", "sam okafor")
    assert [row["id"] for row in json.loads(result.stdout)] == ["2026-11-05"]


def test_list_on_an_empty_journal_says_how_to_start(cli: Cli) -> None:
    result = cli("list")
    assert result.exit_code == 0
    assert "No entries yet. Record one with `therapylog add`." in result.stdout


def test_show_prints_user_text_literally(cli: Cli, three_entries: list[str]) -> None:
    result = cli("show", "2026-11-05")
    assert result.exit_code == 0
    assert "jargon: [bold]CBT[/bold]" in result.stdout


def test_show_json_has_every_field(cli: Cli, three_entries: list[str]) -> None:
    document = json.loads(cli("show", "2026-10-01", "--json").stdout)
    assert set(document) == {
        "id", "date", "therapist", "status", "mood_before", "mood_after", "felt",
        "felt_derived", "progress", "incidents", "alliance", "phq9", "gad7", "phq9_items",
        "gad7_items", "tags", "notes",
    }  # fmt: skip
    assert document["date"] == "2026-10-01"


def test_show_missing_entry_exits_1(cli: Cli, three_entries: list[str]) -> None:
    result = cli("show", "2026-01-01")
    assert result.exit_code == 1
    assert "no entry with id '2026-01-01'" in result.stderr
    assert "(see `therapylog list` for the ids)" in result.stderr


@pytest.mark.parametrize("kind", ["symlink", "folder", "huge"])
def test_show_names_an_entry_file_that_cannot_be_read_and_why(
    cli: Cli, journal_path: Path, three_entries: list[str], tmp_path: Path, kind: str
) -> None:
    path = journal_path / "entries" / "2026-10-09.toml"
    if kind == "symlink":
        (tmp_path / "elsewhere.toml").write_text("")
        path.symlink_to(tmp_path / "elsewhere.toml")
        reason = "is a symbolic link; entries must be real files"
    elif kind == "folder":
        path.mkdir()
        reason = "cannot be read: not a regular file"
    else:
        with path.open("wb") as handle:
            handle.truncate(2_000_000)
        reason = (
            "the file is 2,000,000 bytes, more than the 1,000,000 bytes (1 MB) a journal file "
            "may hold; it is not read"
        )
    result = cli("show", "2026-10-09")
    assert result.exit_code == 1
    assert result.stderr == f"therapylog: {path}: {reason}\n"


def test_rm_with_yes_deletes(cli: Cli, journal_path: Path, three_entries: list[str]) -> None:
    result = cli("rm", "2026-10-08", "--yes")
    assert result.exit_code == 0
    assert not (journal_path / "entries" / "2026-10-08.toml").exists()


def test_rm_without_yes_and_no_terminal_refuses(
    cli: Cli, journal_path: Path, three_entries: list[str]
) -> None:
    before = files_snapshot(journal_path)
    result = cli("rm", "2026-10-08")
    assert result.exit_code == 2
    assert "add --yes" in result.stderr
    assert files_snapshot(journal_path) == before


def test_rm_asks_in_words_which_entry_it_deletes(
    cli: Cli, journal_path: Path, three_entries: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(context, "is_interactive", lambda: True)
    kept = cli("rm", "2026-10-01", input="n\n")
    assert "Delete the entry of 1 Oct 2026 with Dr. Lee (2026-10-01)? [y/N]" in kept.stdout
    assert "Nothing deleted." in kept.stdout
    assert (journal_path / "entries" / "2026-10-01.toml").exists()
    gone = cli("rm", "2026-10-08", input="y\n")
    assert (
        "Delete the entry of 8 Oct 2026 with Dr. Lee, cancelled by the therapist (2026-10-08)?"
        in gone.stdout
    )
    assert not (journal_path / "entries" / "2026-10-08.toml").exists()


def write_editor(tmp_path: Path, body: str) -> str:
    """A fake $EDITOR: a script that rewrites the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\ntext = p.read_text()\n" + body
    )
    return f"{os.sys.executable} {script}"


def test_edit_saves_a_valid_change_and_keeps_comments(
    cli: Cli, journal_path: Path, tmp_path: Path, three_entries: list[str]
) -> None:
    editor = write_editor(
        tmp_path,
        "p.write_text(text.replace('mood_after = 5', 'mood_after = 8') + '# fixed later\\n')\n",
    )
    result = cli("edit", "2026-10-01", env={"EDITOR": editor})
    assert result.exit_code == 0, result.stderr
    assert "2026-10-01: saved" in result.stdout
    text = (journal_path / "entries" / "2026-10-01.toml").read_text()
    assert "mood_after = 8" in text and "# fixed later" in text
    assert json.loads(cli("show", "2026-10-01", "--json").stdout)["mood_after"] == 8


def test_edit_without_changes_writes_nothing(
    cli: Cli, journal_path: Path, tmp_path: Path, three_entries: list[str]
) -> None:
    before = files_snapshot(journal_path)
    result = cli("edit", "2026-10-01", env={"EDITOR": write_editor(tmp_path, "")})
    assert result.exit_code == 0
    assert "no changes" in result.stdout
    assert files_snapshot(journal_path) == before


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("text.replace('mood_before = 4', 'mood_before = 11')", "mood_before: 11 is out of range"),
        ("text.replace('therapist = ', 'therapist = = ')", "not valid TOML"),
        ("text.replace('date = 2026-10-01', 'date = 2026-10-02')", "does not match the date"),
    ],
)
def test_edit_refuses_an_invalid_file_and_keeps_the_text(
    cli: Cli, journal_path: Path, tmp_path: Path, three_entries: list[str], change: str, reason: str
) -> None:
    before = files_snapshot(journal_path / "entries")
    result = cli(
        "edit", "2026-10-01", env={"EDITOR": write_editor(tmp_path, f"p.write_text({change})\n")}
    )
    assert result.exit_code == 2
    assert reason in result.stderr
    assert files_snapshot(journal_path / "entries") == before
    kept = list((journal_path / "rescued").iterdir())
    assert len(kept) == 1
    assert kept[0].stat().st_mode & 0o777 == 0o600
    assert f"your edit was kept in {kept[0]}" in result.stderr
    assert "2026-10-01" in kept[0].read_text()


def test_edit_of_a_missing_entry_exits_1(cli: Cli, three_entries: list[str]) -> None:
    result = cli("edit", "2020-01-01", env={"EDITOR": "true"})
    assert result.exit_code == 1
    assert "no entry with id '2020-01-01'" in result.stderr


def test_an_invalid_edit_is_kept_elsewhere_when_the_rescue_folder_is_unusable(
    cli: Cli,
    journal_path: Path,
    tmp_path: Path,
    three_entries: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    spare = tmp_path / "spare-tmp"
    spare.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spare))
    (journal_path / "rescued").write_text("not a folder")
    editor = write_editor(
        tmp_path, "p.write_text(text.replace('mood_before = 4', 'mood_before = 99'))\n"
    )
    result = cli("edit", "2026-10-01", env={"EDITOR": editor})
    assert result.exit_code == 2
    kept = list(spare.glob("2026-10-01.edit-*.toml.txt"))
    assert len(kept) == 1
    assert f"your edit was kept in {kept[0]}" in result.stderr
    assert "mood_before = 99" in kept[0].read_text()


def test_rm_that_the_disk_refuses_says_why_and_keeps_the_entry(
    cli: Cli, journal_path: Path, three_entries: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    target = journal_path / "entries" / "2026-10-08.toml"
    real_unlink = Path.unlink

    def failing_unlink(self: Path, missing_ok: bool = False) -> None:
        if self == target:
            raise OSError(errno.EIO, "Input/output error")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", failing_unlink)
    result = cli("rm", "2026-10-08", "--yes")
    assert result.exit_code == 1
    assert f"cannot remove {target}: the disk reported an input/output error" in result.stderr
    assert target.exists()

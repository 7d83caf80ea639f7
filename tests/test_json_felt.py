"""JSON ``felt`` is the value in force, with ``felt_derived``; the backup keeps what was stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def derived_and_given(cli: Cli) -> None:
    """One entry whose felt comes from the moods (4 -> 1: much-worse), one given, one neither."""
    for args in (
        ["--date", "2026-11-01", "--mood-before", "4", "--mood-after", "1"],
        ["--date", "2026-11-08", "--mood-before", "4", "--mood-after", "1", "--felt", "same"],
        ["--date", "2026-11-15"],
    ):
        result = cli("add", "--no-input", "--therapist", "Dr Lee", *args)
        assert result.exit_code == 0, result.output


EXPECTED = {
    "2026-11-01": ("much-worse", True),
    "2026-11-08": ("same", False),
    "2026-11-15": (None, False),
}


def _felt(document: dict[str, object]) -> tuple[object, object]:
    return document["felt"], document["felt_derived"]


def test_show_and_list_json(cli: Cli, derived_and_given: None) -> None:
    for entry_id, expected in EXPECTED.items():
        assert _felt(json.loads(cli("show", entry_id, "--json").stdout)) == expected
    listed = json.loads(cli("list", "--json").stdout)
    assert {row["id"]: _felt(row) for row in listed} == EXPECTED


def test_add_json(cli: Cli) -> None:
    result = cli("add", "--no-input", "--therapist", "Dr Lee", "--mood-before", "3",
                 "--mood-after", "5", "--json")  # fmt: skip
    assert _felt(json.loads(result.stdout)) == ("better", True)


def test_export_json_entries(cli: Cli, derived_and_given: None) -> None:
    result = cli("export", "--month", "2026-11", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["entries"]
    assert {row["id"]: _felt(row) for row in rows} == EXPECTED


def test_search_json(cli: Cli, derived_and_given: None) -> None:
    cli("add", "--no-input", "--date", "2026-11-20", "--mood-before", "2", "--mood-after", "8",
        "--note", "a good one")  # fmt: skip
    [found] = json.loads(cli("search", "good", "--json").stdout)
    assert _felt(found["entry"]) == ("much-better", True)


def test_the_backup_keeps_what_was_stored(
    cli: Cli, derived_and_given: None, tmp_path: Path, journal_path: Path
) -> None:
    document = json.loads(cli("backup").stdout)
    stored = {row["id"]: row["felt"] for row in document["entries"]}
    assert stored == {"2026-11-01": None, "2026-11-08": "same", "2026-11-15": None}
    assert all("felt_derived" not in row for row in document["entries"])
    # and restoring it leaves the derived felt derived
    elsewhere = tmp_path / "elsewhere"
    assert (
        cli("--journal", str(elsewhere), "import", str(_write(tmp_path, document))).exit_code == 0
    )
    assert "felt" not in (elsewhere / "entries" / "2026-11-01.toml").read_text()


def test_entries_in_the_shape_of_show_json_import_as_stored(
    cli: Cli, derived_and_given: None, tmp_path: Path
) -> None:
    shown = [json.loads(cli("show", i, "--json").stdout) for i in EXPECTED]
    document = {"format": "therapylog-backup", "version": 1, "goals": [], "entries": shown}
    elsewhere = tmp_path / "elsewhere"
    result = cli("--journal", str(elsewhere), "import", str(_write(tmp_path, document)))
    assert result.exit_code == 0, result.output
    assert "felt" not in (elsewhere / "entries" / "2026-11-01.toml").read_text()
    assert 'felt = "same"' in (elsewhere / "entries" / "2026-11-08.toml").read_text()


def _write(folder: Path, document: dict[str, object]) -> Path:
    path = folder / "backup.json"
    path.write_text(json.dumps(document))
    return path

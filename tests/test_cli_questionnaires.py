"""PHQ-9 and GAD-7 item by item through `therapylog add`, and what `add` says at once when
the ninth PHQ-9 answer is above 0 (docs/analysis.md, "Thoughts of self-harm")."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot


def add(cli: Cli, *args: str) -> tuple[str, str]:
    result = cli("add", "--no-input", "--therapist", "Dr. Lee", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip(), result.stderr


def test_items_are_saved_and_the_total_is_their_sum(cli: Cli, journal_path: Path) -> None:
    entry_id, said = add(cli, "--phq9-items", "1,2,0,3,1,1,0,2,0", "--gad7-items", "0,1,1,2,3,0,1")
    saved = tomllib.loads((journal_path / "entries" / f"{entry_id}.toml").read_text())
    assert saved["phq9_items"] == [1, 2, 0, 3, 1, 1, 0, 2, 0] and saved["phq9"] == 10
    assert saved["gad7_items"] == [0, 1, 1, 2, 3, 0, 1] and saved["gad7"] == 8
    assert said == ""  # item 9 is 0: nothing to say
    shown = json.loads(cli("show", entry_id, "--json").stdout)
    assert shown["phq9_items"] == [1, 2, 0, 3, 1, 1, 0, 2, 0] and shown["gad7"] == 8


def test_a_total_that_agrees_with_the_items_is_kept(cli: Cli) -> None:
    entry_id, _ = add(cli, "--phq9", "9", "--phq9-items", "1,1,1,1,1,1,1,1,1")
    assert entry_id == "2026-11-22"


def test_an_old_entry_without_items_still_reads(cli: Cli, journal_path: Path) -> None:
    (journal_path / "entries").mkdir(parents=True)
    old = journal_path / "entries" / "2026-11-01.toml"
    old.write_text(
        'schema_version = 1\nid = "2026-11-01"\ndate = 2026-11-01\ntherapist = "Dr. Lee"\n'
        "phq9 = 14\n"
    )
    for path in (journal_path, journal_path / "entries", old):  # private, as therapylog keeps it
        path.chmod(0o600 if path.is_file() else 0o700)
    shown = json.loads(cli("show", "2026-11-01", "--json").stdout)
    assert shown["phq9"] == 14 and shown["phq9_items"] is None
    assert cli("check").exit_code == 0


INVALID = [
    (["--phq9-items", "1,1,1"], "phq9_items: '1,1,1' is not valid; give 9 answers, each a whole number from 0 to 3"),
    (["--gad7-items", "1,1,1,1,1,1,x"], "gad7_items: '1,1,1,1,1,1,x' is not valid; give 7 answers"),
    (["--phq9-items", "1,1,1,1,1,1,1,1,4"], "phq9_items.8: 4 is out of range; use a whole number from 0 to 3"),
    (["--phq9", "3", "--phq9-items", "1,1,1,1,1,1,1,1,1"], "phq9: 3 is not the sum of phq9_items (9)"),
    (["--gad7", "0", "--gad7-items", "1,0,0,0,0,0,0"], "gad7: 0 is not the sum of gad7_items (1)"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), INVALID, ids=[" ".join(a) for a, _ in INVALID])
def test_invalid_items_are_refused_and_nothing_is_written(
    cli: Cli, journal_path: Path, args: list[str], message: str
) -> None:
    add(cli, "--date", "-30d")
    before = files_snapshot(journal_path)
    result = cli("add", "--no-input", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("therapylog: ")
    assert message in lines[0]
    assert files_snapshot(journal_path) == before


@pytest.mark.parametrize("ninth", ["1", "2", "3"])
def test_add_says_where_to_turn_the_moment_item_9_is_above_0(cli: Cli, ninth: str) -> None:
    entry_id, said = add(cli, "--phq9-items", f"0,1,1,1,0,0,0,0,{ninth}")
    assert entry_id == "2026-11-22"  # stdout keeps only the id
    assert "better off dead, or of hurting yourself" in said
    assert "not a failure of yours or of anyone else's" in said
    assert "emergency number" in said and "988" in said and "116 123" in said
    assert "findahelpline.com" in said and "tell your therapist" in said


def test_json_output_stays_json_when_it_says_so(cli: Cli) -> None:
    result = cli(
        "add", "--no-input", "--therapist", "A", "--phq9-items", "0,0,0,0,0,0,0,0,1", "--json"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["phq9_items"][8] == 1
    assert "988" in result.stderr


def test_a_total_alone_says_nothing_about_item_9(cli: Cli) -> None:
    _, said = add(cli, "--phq9", "27")
    assert said == ""

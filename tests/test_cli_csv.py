"""``list --csv``: one row per entry, one column per field, safe in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from therapylog.data.model import Entry
from therapylog.usecases.tabular import COLUMNS, entry_row


def _csv(cli: Cli, *args: str) -> str:
    """The CSV exactly as written (the runner's ``stdout`` turns CRLF into LF)."""
    result = cli("list", "--csv", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def two_entries(cli: Cli) -> None:
    assert cli("goals", "add", "Sleep through the night", "--id", "sleep").exit_code == 0
    assert cli("goals", "add", "Fewer panic attacks", "--id", "panic").exit_code == 0
    first = cli(
        "add", "--no-input", "--date", "2026-11-01", "--therapist", 'Dr "Lee", PhD',
        "--mood-before", "4", "--mood-after", "6", "--progress", "sleep=slight",
        "--progress", "panic=none", "--incident", "forgot-details: asked my sister's name; again",
        "--incident", "jargon", "--repaired", "jargon", "--alliance", "8,9,7,6",
        "--phq9", "11", "--gad7", "7", "--tag", "family", "--tag", "work",
        "--note", "Line one, with a comma.\nLine two with \"quotes\".",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    second = cli("add", "--no-input", "--date", "2026-11-08", "--status", "therapist-cancelled")
    assert second.exit_code == 0, second.output


def test_one_row_per_entry_one_column_per_field(cli: Cli, two_entries: None) -> None:
    rows = _rows(_csv(cli))
    assert list(rows[0]) == list(COLUMNS)
    assert [row["id"] for row in rows] == ["2026-11-08", "2026-11-01"]
    full = rows[1]
    assert full == {
        "id": "2026-11-01", "date": "2026-11-01", "therapist": 'Dr "Lee", PhD',
        "status": "attended", "mood_before": "4", "mood_after": "6", "felt": "better",
        "felt_derived": "true", "progress": "sleep=slight; panic=none",
        "incidents": "forgot-details: asked my sister's name; again; jargon (repaired)",
        "alliance_heard": "8", "alliance_goals": "9", "alliance_approach": "7",
        "alliance_overall": "6", "phq9": "11", "gad7": "7", "phq9_items": "", "gad7_items": "",
        "tags": "family, work",
        "notes": 'Line one, with a comma.\nLine two with "quotes".',
    }  # fmt: skip
    assert rows[0]["mood_before"] == "" and rows[0]["felt_derived"] == "false"


def test_quoting_follows_rfc_4180(cli: Cli, two_entries: None) -> None:
    text = _csv(cli)
    assert text.endswith("\r\n")
    assert '"Dr ""Lee"", PhD"' in text  # quotes doubled, the field quoted
    assert '"Line one, with a comma.\nLine two with ""quotes""."' in text
    assert ",4,6,better,true," in text  # numbers unquoted, as numbers


def test_the_same_filters_as_the_table(cli: Cli, two_entries: None) -> None:
    rows = _rows(_csv(cli, "--status", "therapist-cancelled"))
    assert [row["id"] for row in rows] == ["2026-11-08"]
    assert _rows(_csv(cli, "--grep", "nothing like it")) == []


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_a_text_cell_that_could_run_as_a_formula_gets_an_apostrophe(
    cli: Cli, journal_path: Path, start: str
) -> None:
    payload = f'{start}HYPERLINK("http://example.invalid","x")'
    # written by hand (as a synced or edited file could be): `add` would strip a leading tab
    _hand_written(journal_path, therapist=payload, notes=payload, tags=[payload],
                  incidents=[{"kind": "jargon", "note": payload}])  # fmt: skip
    [row] = _rows(_csv(cli))
    assert row["notes"] == "'" + payload
    # names and tags are stored without surrounding blanks: guarded when they start so
    shown = json.loads(cli("show", "2026-11-01", "--json").stdout)
    for key, stored in (("therapist", shown["therapist"]), ("tags", shown["tags"][0])):
        assert row[key] == ("'" + stored if stored.startswith(("=", "+", "-", "@")) else stored)
        assert not row[key].startswith(("=", "+", "-", "@", "\t", "\r"))
    incident = shown["incidents"][0]["note"]
    assert row["incidents"] == f"jargon: {incident}"  # the cell starts with a kind


def test_a_carriage_return_first_is_guarded_too() -> None:
    # Stored notes turn a carriage return into a line break; a record built in memory may not.
    entry = Entry(id="2026-11-01", date=dt.date(2026, 11, 1), therapist="\r=1+1", notes="\r@x")
    row = dict(zip(COLUMNS, entry_row(entry), strict=True))
    assert row["therapist"] == "'\n=1+1" and row["notes"] == "'\n@x"  # the return a line break


def _hand_written(journal_path: Path, **fields: object) -> None:
    document = {"schema_version": 1, "id": "2026-11-01", "date": "2026-11-01", **fields}
    entries = journal_path / "entries"
    entries.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{key} = {json.dumps(value)}" for key, value in document.items() if key != "incidents"
    ]
    lines += [
        f"[[incidents]]\n{k} = {json.dumps(v)}" if k == "kind" else f"{k} = {json.dumps(v)}"
        for incident in fields.get("incidents", [])
        for k, v in incident.items()
    ]  # type: ignore[attr-defined]
    (entries / "2026-11-01.toml").write_text("\n".join(lines) + "\n")


def test_an_incident_repaired_later_says_when(cli: Cli) -> None:
    cli("add", "--no-input", "--date", "2026-11-01", "--therapist", "Dr Lee",
        "--incident", "dismissive: brushed it off")  # fmt: skip
    later = cli("add", "--no-input", "--date", "2026-11-08", "--repairs", "2026-11-01:dismissive")
    assert later.exit_code == 0, later.output
    rows = {row["id"]: row for row in _rows(_csv(cli))}
    assert rows["2026-11-01"]["incidents"] == "dismissive (repaired 2026-11-08): brushed it off"


def test_item_answers_are_one_cell_each(cli: Cli) -> None:
    added = cli("add", "--no-input", "--therapist", "Dr Lee", "--phq9-items", "1,2,0,1,1,0,2,1,0",
                "--gad7-items", "0,0,1,1,2,0,3")  # fmt: skip
    assert added.exit_code == 0, added.output
    [row] = _rows(_csv(cli))
    assert (row["phq9"], row["phq9_items"]) == ("8", "1 2 0 1 1 0 2 1 0")
    assert (row["gad7"], row["gad7_items"]) == ("7", "0 0 1 1 2 0 3")


def test_numbers_stay_numbers_and_negative_looking_text_is_guarded(cli: Cli) -> None:
    cli("add", "--no-input", "--therapist", "Dr Lee", "--mood-before", "0", "--mood-after", "3",
        "--note", "-3 points since last week")  # fmt: skip
    [row] = _rows(_csv(cli))
    assert (row["mood_before"], row["mood_after"]) == ("0", "3")
    assert row["notes"] == "'-3 points since last week"


def test_control_characters_never_reach_the_output(cli: Cli) -> None:
    cli("add", "--no-input", "--therapist", "Dr \x1b[31mLee", "--note", "a\x1b]52;c;SGk=\x07b\x9b")
    text = _csv(cli)
    assert not any((ord(c) < 32 and c not in "\r\n") or 0x7F <= ord(c) <= 0x9F for c in text)
    [row] = _rows(text)
    assert row["notes"] == "a\ufffd]52;c;SGk=\ufffdb\ufffd"


def test_csv_and_json_agree(cli: Cli, two_entries: None) -> None:
    rows = _rows(_csv(cli))
    documents = json.loads(cli("list", "--json").stdout)
    for row, document in zip(rows, documents, strict=True):
        for key in ("id", "date", "status", "felt"):
            assert row[key] == (document[key] or "")
        assert row["felt_derived"] == str(document["felt_derived"]).lower()

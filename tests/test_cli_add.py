"""`therapylog add` through the test runner: flags, defaults, ids, and refusals."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.usecases.recording import ids_on_day


def add(cli: Cli, *args: str) -> str:
    result = cli("add", "--no-input", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def read_entry(journal_path: Path, entry_id: str) -> dict[str, object]:
    return tomllib.loads((journal_path / "entries" / f"{entry_id}.toml").read_text())


def test_add_with_every_option_saves_a_complete_entry(cli: Cli, journal_path: Path) -> None:
    assert cli("goals", "add", "Sleep through the night", "--id", "sleep").exit_code == 0
    entry_id = add(
        cli,
        "--date", "2026-11-20", "--therapist", "Dr. Lee", "--status", "attended",
        "--mood-before", "4", "--mood-after", "6", "--felt", "better",
        "--progress", "sleep=slight",
        "--incident", "forgot-details: asked my sister's name again",
        "--incident", "distracted",
        "--repaired", "forgot-details",
        "--alliance", "8,9,7,8", "--phq9", "12", "--gad7", "9",
        "--tag", "work", "--tag", "family", "--note", "Talked about my sister.",
    )  # fmt: skip
    assert entry_id == "2026-11-20"
    saved = read_entry(journal_path, entry_id)
    assert saved["schema_version"] == 1
    assert saved["therapist"] == "Dr. Lee"
    assert saved["mood_before"] == 4 and saved["mood_after"] == 6
    assert saved["felt"] == "better"
    assert saved["progress"] == {"sleep": "slight"}
    assert saved["incidents"] == [
        {"kind": "forgot-details", "note": "asked my sister's name again", "repaired": True},
        {"kind": "distracted", "repaired": False},
    ]
    assert saved["alliance"] == {"heard": 8, "goals": 9, "approach": 7, "overall": 8}
    assert (saved["phq9"], saved["gad7"]) == (12, 9)
    assert saved["tags"] == ["work", "family"]
    assert saved["notes"] == "Talked about my sister."


def test_second_entry_on_a_day_gets_a_numbered_id(cli: Cli) -> None:
    ids = [add(cli, "--therapist", "Dr. Lee", "--date", "2026-11-20") for _ in range(3)]
    assert ids == ["2026-11-20", "2026-11-20-2", "2026-11-20-3"]


def test_a_second_entry_on_a_day_says_which_id_it_got_and_that_the_day_has_two(
    cli: Cli,
) -> None:
    first = cli("add", "--no-input", "--therapist", "Dr. Lee")
    assert first.stderr == ""  # the first entry of a day needs no word
    second = cli("add", "--no-input", "--therapist", "Dr. Lee")
    assert second.stdout == "2026-11-22-2\n"  # stdout stays the id alone, for scripts
    assert second.stderr == (
        "note: 22 Nov 2026 now has 2 entries (2026-11-22 and 2026-11-22-2); this one is "
        "2026-11-22-2. If it repeats an earlier one, remove it with `therapylog rm 2026-11-22-2`\n"
    )


def test_the_ids_of_a_day_are_in_their_order_within_the_day() -> None:
    names = ["2026-11-22-10.toml", "2026-11-22.toml", "2026-11-23.toml", "2026-11-22-2.toml"]
    names += [
        "2026-11-22-1.toml",
        "2026-11-22-x.toml",
        "2026-11-21-2.toml",
    ]  # not ids; a day before
    assert ids_on_day(names, dt.date(2026, 11, 22)) == [
        "2026-11-22",
        "2026-11-22-2",
        "2026-11-22-10",
    ]


def test_defaults_are_today_attended_and_the_last_therapist(cli: Cli, journal_path: Path) -> None:
    add(cli, "--therapist", "Dr. Lee", "--date", "-10d")
    entry_id = add(cli, "--mood-before", "5")
    assert entry_id == "2026-11-22"
    saved = read_entry(journal_path, entry_id)
    assert saved["therapist"] == "Dr. Lee"
    assert saved["status"] == "attended"


def test_the_last_therapist_is_the_one_of_the_last_entry_of_the_newest_day(
    cli: Cli, journal_path: Path
) -> None:
    """The second entry of a day is newer than the first, and the tenth than the ninth."""
    add(cli, "--therapist", "Dr. Lee", "--date", "2026-11-20")
    add(cli, "--therapist", "Dr. Shah", "--date", "2026-11-20")
    add(cli, "--therapist", "Dr. Okafor", "--date", "2026-11-19")
    assert read_entry(journal_path, add(cli, "--date", "2026-11-21"))["therapist"] == "Dr. Shah"
    for number in range(2, 10):
        add(cli, "--therapist", f"Dr. Number {number}", "--date", "2026-11-21")
    add(cli, "--therapist", "Dr. Ten", "--date", "2026-11-21")
    assert read_entry(journal_path, add(cli, "--date", "2026-11-22"))["therapist"] == "Dr. Ten"


def test_the_library_takes_the_date_as_iso_text_too(journal_path: Path) -> None:
    from therapylog.data.errors import InputError
    from therapylog.journal.storage import Journal

    journal = Journal(journal_path)
    entry = journal.add_entry({"date": "2026-11-20", "therapist": "Dr. Lee"})
    assert (entry.id, entry.date) == ("2026-11-20", dt.date(2026, 11, 20))
    with pytest.raises(InputError) as refused:
        journal.add_entry({"date": "20 Nov", "therapist": "Dr. Lee"})
    assert refused.value.message == "date: '20 Nov' is not a date; use YYYY-MM-DD"
    assert set(files_snapshot(journal_path)) == {"entries/2026-11-20.toml"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("today", "2026-11-22"), ("yesterday", "2026-11-21"), ("-3d", "2026-11-19"),
     ("2026-01-31", "2026-01-31")],
)  # fmt: skip
def test_date_forms(cli: Cli, text: str, expected: str) -> None:
    assert add(cli, "--therapist", "Dr. Lee", "--date", text) == expected


def test_json_prints_the_saved_entry(cli: Cli) -> None:
    result = cli("add", "--no-input", "--therapist", "Dr. Lee", "--mood-before", "3",
                 "--mood-after", "7", "--json")  # fmt: skip
    document = json.loads(result.stdout)
    assert document["id"] == "2026-11-22"
    assert (document["felt"], document["felt_derived"]) == ("much-better", True)  # 3 -> 7
    assert document["alliance"] is None
    assert document["incidents"] == []


def test_felt_is_derived_when_not_given(cli: Cli) -> None:
    add(cli, "--therapist", "Dr. Lee", "--mood-before", "7", "--mood-after", "3")
    shown = cli("show", "2026-11-22")
    assert "much-worse (from the moods)" in shown.stdout


# Every invalid value of an entry (README, "Record an appointment") is refused with one line naming the field, the value and
# what is valid, exit code 2, and nothing written.
INVALID = [
    (["--mood-before", "11"], "mood_before: 11 is out of range; use a whole number from 0 to 10"),
    (["--mood-after", "-1"], "mood_after: -1 is out of range; use a whole number from 0 to 10"),
    (["--phq9", "28"], "phq9: 28 is out of range; use a whole number from 0 to 27"),
    (["--gad7", "22"], "gad7: 22 is out of range; use a whole number from 0 to 21"),
    (["--status", "late"], "status: 'late' is not valid; choose one of: attended, therapist-cancelled"),
    (["--felt", "meh"], "felt: 'meh' is not valid; choose one of: much-worse, worse, same, better"),
    (["--incident", "rude"], "incident: 'rude' is not an incident kind; choose one of: forgot-details"),
    (["--incident", "jargon", "--repaired", "distracted"],
     "repaired: 'distracted' is not an incident of this entry; its incidents: jargon"),
    (["--alliance", "8,9,7"], "alliance: '8,9,7' is not valid; give four whole numbers 0-10"),
    (["--alliance", "8,9,7,11"], "alliance.overall: 11 is out of range; use a whole number from 0 to 10"),
    (["--date", "2026-11-23"], "--date: 2026-11-23 is in the future; record appointments that have happened"),
    (["--date", "2026-02-30"], "--date: '2026-02-30' is not a date; use YYYY-MM-DD, today, yesterday or -Nd"),
    (["--date", "soon"], "--date: 'soon' is not a date; use YYYY-MM-DD, today, yesterday or -Nd"),
    (["--progress", "sleep=slight"], "progress: no active goal 'sleep'; active goals: none yet"),
    (["--progress", "sleep"], "progress: 'sleep' is not GOAL=LEVEL (for example sleep=slight)"),
    (["--therapist", "   "], "therapist: is empty; give the therapist's name"),
    (["--tag", " "], "tags: a tag is empty"),
    (["--mood-before", "five"], "mood_before: 'five' is not a whole number; use a whole number from 0 to 10"),
    (["--phq9", "1.5"], "phq9: '1.5' is not a whole number; use a whole number from 0 to 27"),
    (["--moood-before", "3"], "No such option: --moood-before"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), INVALID, ids=[" ".join(a) for a, _ in INVALID])
def test_invalid_input_is_refused_and_nothing_is_written(
    cli: Cli, journal_path: Path, args: list[str], message: str
) -> None:
    add(cli, "--therapist", "Dr. Lee", "--date", "-30d")
    before = files_snapshot(journal_path)
    result = cli("add", "--no-input", "--therapist", "Dr. Lee", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("therapylog: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert files_snapshot(journal_path) == before


def test_progress_error_lists_the_active_goals(cli: Cli) -> None:
    cli("goals", "add", "Sleep better", "--id", "sleep")
    cli("goals", "add", "Speak up at work", "--id", "speak-up")
    cli("goals", "done", "sleep")
    result = cli("add", "--no-input", "--therapist", "X", "--progress", "sleep=clear")
    assert result.exit_code == 2
    assert "no active goal 'sleep'; active goals: speak-up" in result.stderr


def test_first_entry_needs_a_therapist(cli: Cli, journal_path: Path) -> None:
    result = cli("add", "--no-input", "--mood-before", "4")
    assert result.exit_code == 2
    assert "this is the first entry; say who it was with (--therapist NAME)" in result.stderr
    assert not (journal_path / "entries").exists() or not any((journal_path / "entries").iterdir())


def test_notes_from_the_editor(cli: Cli, journal_path: Path, tmp_path: Path) -> None:
    script = tmp_path / "fake-editor.sh"
    script.write_text('#!/bin/sh\nprintf "Felt rushed at the end.\\n" > "$1"\n')
    script.chmod(0o755)
    result = cli(
        "add", "--no-input", "--therapist", "Dr. Lee", "--edit", env={"EDITOR": str(script)}
    )
    assert result.exit_code == 0, result.stderr
    assert read_entry(journal_path, "2026-11-22")["notes"] == "Felt rushed at the end."

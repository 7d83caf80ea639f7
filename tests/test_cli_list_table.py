"""The plain-text table of ``therapylog list``: aligned, wrapped to the terminal, never lossy."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.cells import cell_len

from tests.conftest import Cli
from therapylog.cli.listing import (
    BOLD,
    HEADERS,
    RESET,
    YELLOW,
    entries_table,
    entry_cells,
    format_table,
    wrap,
)
from therapylog.model import Entry


def entry(entry_id: str, **fields: object) -> Entry:
    return Entry.validate({"id": entry_id, "date": entry_id[:10], "therapist": "Dr Lee", **fields})


ROWS = [
    HEADERS,
    ("2026-11-20", "Dr Anna Lee", "attended", "4 → 6", "better", "forgot-details (repaired), jargon"),
    ("2026-11-21-10", "日本語の名前です", "client-cancelled", "", "", ""),
]  # fmt: skip


def test_columns_are_as_wide_as_their_widest_cell_and_two_spaces_apart() -> None:
    lines = format_table(ROWS, 200)
    assert lines[0] == "id             therapist         status            mood   felt    incidents"
    assert lines[1].endswith("better  forgot-details (repaired), jargon")
    assert lines[2] == "2026-11-21-10  日本語の名前です  client-cancelled"  # no trailing spaces
    starts = [cell_len(line[: line.index("client")]) for line in lines[2:]]
    assert starts == [cell_len(lines[0][: lines[0].index("status")])]


@pytest.mark.parametrize("width", [100, 80, 74])  # 74: the two free-text columns at 12
def test_a_narrow_terminal_wraps_the_free_text_columns_and_loses_nothing(width: int) -> None:
    lines = format_table(ROWS, width)
    assert all(cell_len(line) <= width for line in lines)
    shown = Counter("".join(lines).replace(" ", ""))
    assert shown == Counter("".join("".join(row) for row in ROWS).replace(" ", ""))
    assert len(lines) > len(ROWS) or width == 100  # something wrapped


@pytest.mark.parametrize("width", [60, 20])
def test_a_terminal_too_narrow_for_the_table_still_shows_everything(width: int) -> None:
    lines = format_table(ROWS, width)
    assert lines[0].split() == list(HEADERS)
    shown = Counter("".join(lines).replace(" ", ""))
    assert shown == Counter("".join("".join(row) for row in ROWS).replace(" ", ""))


def test_wrap_keeps_words_whole_and_folds_longer_ones() -> None:
    assert wrap("forgot-details (repaired), jargon", 16) == [
        "forgot-details",
        "(repaired),",
        "jargon",
    ]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("short", 10) == ["short"]


def test_colour_marks_the_header_and_the_status_of_missed_sessions_only() -> None:
    entries = [entry("2026-11-20"), entry("2026-11-21", status="therapist-cancelled")]
    text = entries_table(entries, width=100, color=True)
    header, attended, cancelled = text.splitlines()
    assert header.startswith(f"{BOLD}id{RESET}")
    assert "\x1b[" not in attended
    assert f"{YELLOW}therapist-cancelled{RESET}" in cancelled
    assert "\x1b[" not in entries_table(entries, width=100, color=False)


def test_control_characters_in_names_cannot_reach_the_terminal() -> None:
    cells = entry_cells(entry("2026-11-20", therapist="Dr \x1b[31mRed\x07"))
    assert "\x1b" not in cells[1] and "\x07" not in cells[1]
    assert "Red" in cells[1]


def test_cells_show_moods_felt_and_repaired_incidents() -> None:
    cells = entry_cells(
        entry(
            "2026-11-20",
            mood_before=4,
            incidents=[{"kind": "jargon", "repaired": True}, {"kind": "distracted"}],
        )
    )
    assert cells == (
        "2026-11-20",
        "Dr Lee",
        "attended",
        "4 → ?",
        "",
        "jargon (repaired), distracted",
    )


def test_list_prints_the_table_newest_first(cli: Cli) -> None:
    for day, therapist in (("2026-11-01", "Dr Lee"), ("2026-11-08", "Sam Okafor")):
        assert cli("add", "--no-input", "--date", day, "--therapist", therapist).exit_code == 0
    lines = cli("list").stdout.splitlines()
    assert lines[0].split() == list(HEADERS)
    assert [line.split()[0] for line in lines[1:]] == ["2026-11-08", "2026-11-01"]
    assert lines[1].split()[1:3] == ["Sam", "Okafor"]

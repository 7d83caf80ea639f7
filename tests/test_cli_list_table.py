"""The plain-text table of ``therapylog list``: aligned, wrapped to the terminal, never lossy."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.cells import cell_len

from tests.conftest import Cli
from therapylog.cli.listing import (
    BOLD,
    COLUMNS,
    HEADERS,
    RESET,
    YELLOW,
    entries_table,
    entry_cells,
    format_table,
    plan_layout,
    wrap,
)
from therapylog.data.model import Entry
from therapylog.data.validation import validate


def entry(entry_id: str, **fields: object) -> Entry:
    return validate(Entry, {"id": entry_id, "date": entry_id[:10], "therapist": "Dr Lee", **fields})


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


def _tokens(lines: list[str]) -> Counter[str]:
    """The words shown, fold labels and separators aside."""
    words = " ".join(lines).replace(";", " ").split()
    return Counter(word for word in words if word.removesuffix(":") not in (*HEADERS, "tags"))


def _cell_tokens(rows: list[tuple[str, ...]]) -> Counter[str]:
    return Counter(word for row in rows[1:] for cell in row for word in cell.split())


@pytest.mark.parametrize("width", [120, 100, 80, 74])
def test_a_narrow_terminal_wraps_the_free_text_columns_between_words(width: int) -> None:
    lines = format_table(ROWS, width)
    assert all(cell_len(line) <= width for line in lines)
    assert _tokens(lines[1:]) == _cell_tokens(ROWS)  # every word whole, none lost
    assert len(lines) > len(ROWS) or width >= 100  # something wrapped


@pytest.mark.parametrize("width", [60, 50, 30])  # 30: narrower than id, therapist and status
def test_a_terminal_too_narrow_for_the_table_folds_columns_under_each_row(width: int) -> None:
    lines = format_table(ROWS, width)
    assert all(cell_len(line) <= width for line in lines) or width == 30
    assert lines[0].split() == ["id", "therapist", "status"]  # the rest is folded
    assert _tokens(lines[1:]) == _cell_tokens(ROWS)
    folded = " ".join(line.strip() for line in lines if line.startswith(" "))  # row 1's
    assert folded == "mood: 4 → 6; felt: better; incidents: forgot-details (repaired), jargon"


def test_folding_starts_with_the_least_important_column() -> None:
    rows = [HEADERS, *ROWS[1:]]
    layout = plan_layout(COLUMNS, rows, 60)
    assert [COLUMNS[i].header for i in layout.folded] == ["mood", "felt", "incidents"]
    assert plan_layout(COLUMNS, rows, 200).folded == []
    assert plan_layout(COLUMNS, rows, None).folded == []


@pytest.mark.parametrize("width", [60, 80, 120])
def test_incident_kinds_are_never_split_whatever_the_width(cli: Cli, width: int) -> None:
    kinds = ("mislabeled-emotion", "inappropriate-disclosure", "cultural-insensitivity")
    for number, kind in enumerate(kinds, start=1):
        result = cli(
            "add", "--no-input", "--date", f"2026-11-0{number}", "--therapist",
            "Dr Anna Maria Lee-Fernández", "--status", "therapist-rescheduled",
            "--mood-before", "4", "--mood-after", "6", "--incident", kind,
            "--incident", "forgot-details", "--repaired", kind, "--tag", "family",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    lines = cli("list", env={"COLUMNS": str(width)}).stdout.splitlines()
    assert all(cell_len(line) <= width for line in lines), lines
    tokens = " ".join(lines).replace(",", " ").replace(";", " ").split()
    for kind in kinds:
        assert tokens.count(kind) == 1, (kind, lines)
    assert tokens.count("therapist-rescheduled") == 3
    assert tokens.count("Lee-Fernández") == 3


def test_a_pipe_without_columns_gets_one_line_per_entry(cli: Cli) -> None:
    tags = [arg for number in range(30) for arg in ("--tag", f"tag{number}")]
    for day in ("2026-11-01", "2026-11-02"):
        added = cli("add", "--no-input", "--date", day, "--therapist", "Dr Lee", *tags)
        assert added.exit_code == 0, added.output
    lines = cli("list", env={"COLUMNS": ""}).stdout.splitlines()
    assert len(lines) == 3 and all(line.endswith("tag29") for line in lines[1:])
    assert len(cli("list", env={"COLUMNS": "80"}).stdout.splitlines()) > 3


def test_wrap_keeps_words_whole_and_folds_only_a_word_longer_than_a_line() -> None:
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

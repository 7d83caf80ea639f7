"""The table ``therapylog list`` prints, as plain text, fitted to the terminal.

Rich's ``Table`` measured and rendered every cell, about 1 ms per entry: ten seconds for a
journal of ten thousand. This draws the columns in a few milliseconds: each column as wide as
its widest cell, two spaces apart. When that is wider than the terminal:

1. the free-text columns (therapist, incidents, tags) give up width, widest first, wrapping
   between words, never narrower than their longest word (an incident kind such as
   ``mislabeled-emotion`` is never split);
2. if that is not enough, the least important columns (tags, mood, felt, then incidents) are
   *folded*: taken out of the table and shown under each row as ``label: value``.

Nothing is ever dropped. Output that is not a terminal (a pipe, a file) is not wrapped at all,
unless ``COLUMNS`` says how wide it is. See docs/finding.md.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells

from therapylog.data.catalogue import Status
from therapylog.data.model import Entry
from therapylog.data.safetext import one_line


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    wraps: bool  # may wrap between words
    fold_rank: int  # 0: never folded; higher numbers are folded first


ID, THERAPIST, STATUS, MOOD, FELT, INCIDENTS, TAGS = (
    Column("id", False, 0),
    Column("therapist", True, 0),
    Column("status", False, 0),
    Column("mood", False, 3),
    Column("felt", False, 2),
    Column("incidents", True, 1),
    Column("tags", True, 4),
)
COLUMNS: tuple[Column, ...] = (ID, THERAPIST, STATUS, MOOD, FELT, INCIDENTS)
HEADERS = tuple(column.header for column in COLUMNS)
GAP = "  "
NARROWEST = 10  # a wrapping column is not narrowed below this, unless its cells are narrower
FOLD_SEPARATOR = "; "
BOLD, YELLOW, RESET = "\x1b[1m", "\x1b[33m", "\x1b[0m"


def _width(text: str) -> int:
    """Terminal cells ``text`` takes (most text is ASCII: one cell a character)."""
    return len(text) if text.isascii() else cell_len(text)


def _mood(entry: Entry) -> str:
    if entry.mood_before is None and entry.mood_after is None:
        return ""
    before = "?" if entry.mood_before is None else str(entry.mood_before)
    after = "?" if entry.mood_after is None else str(entry.mood_after)
    return f"{before} → {after}"


def entry_cells(entry: Entry, *, tags: bool = False) -> tuple[str, ...]:
    """The row of ``entry``: the cells of :data:`COLUMNS`, and its tags if ``tags``."""
    felt = entry.effective_felt
    incidents = ", ".join(
        incident.kind + (" (repaired)" if incident.repaired else "") for incident in entry.incidents
    )
    cells = (
        entry.id,
        one_line(entry.therapist),
        entry.status.value,
        _mood(entry),
        felt.value if felt is not None else "",
        incidents,
    )
    return (*cells, one_line(", ".join(entry.tags))) if tags else cells


@dataclass
class Layout:
    """Which columns stay in the table (and how wide), and which are folded under rows."""

    widths: dict[int, int]  # column index -> width, for the columns kept
    folded: list[int]  # column indexes, in table order


def _longest_word(column: Sequence[str]) -> int:
    return max((_width(word) for cell in column for word in cell.split(" ")), default=0)


def plan_layout(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int | None
) -> Layout:
    """Fit the table into ``width`` cells (``None``: no limit). ``rows[0]`` is the header."""
    by_column = list(zip(*rows, strict=True))
    natural = [max(_width(cell) for cell in cells) for cells in by_column]
    if width is None:
        return Layout(dict(enumerate(natural)), [])
    least = [
        min(natural[i], max(_longest_word(cells), NARROWEST)) if columns[i].wraps else natural[i]
        for i, cells in enumerate(by_column)
    ]
    kept = list(range(len(columns)))

    def total(widths: Sequence[int]) -> int:
        return sum(widths[i] for i in kept) + len(GAP) * (len(kept) - 1)

    foldable = sorted(
        (i for i, c in enumerate(columns) if c.fold_rank), key=lambda i: -columns[i].fold_rank
    )
    while total(least) > width and foldable:
        kept.remove(foldable.pop(0))
    widths = {i: natural[i] for i in kept}
    excess = total(natural) - width
    while excess > 0:
        narrowable = [i for i in kept if columns[i].wraps and widths[i] > least[i]]
        if not narrowable:
            break  # the terminal is too narrow even so: lines will be longer than it
        widest = max(narrowable, key=lambda i: widths[i])
        others = [widths[i] for i in narrowable if i != widest]
        step = min(
            excess, widths[widest] - least[widest], widths[widest] - max(others, default=0) or 1
        )
        widths[widest] -= step
        excess -= step
    return Layout(widths, [i for i in range(len(columns)) if i not in kept])


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells, broken between words; a word longer than a whole
    line (which the layout avoids) is the only thing ever cut."""
    if _width(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = chop_cells(word, width) if _width(word) > width else [word]
        lines.extend(pieces[:-1])
        line = pieces[-1]
    lines.append(line)
    return lines


def format_table(
    rows: Sequence[Sequence[str]],
    width: int | None,
    *,
    columns: Sequence[Column] = COLUMNS,
    styles: Sequence[Sequence[str]] = (),
) -> list[str]:
    """The table's lines; ``rows[0]`` is the header, ``width`` the cells available (``None``:
    no limit). ``styles``: ANSI styles, per row, per column ("" for none); a style covers a
    cell's text, not its padding."""
    layout = plan_layout(columns, rows, width)
    kept = list(layout.widths)
    indent = layout.widths[kept[0]] + len(GAP)
    lines = []
    for number, row in enumerate(rows):
        row_styles = styles[number] if number < len(styles) else ()
        cells = [wrap(row[i], layout.widths[i]) if columns[i].wraps else [row[i]] for i in kept]
        for depth in range(max(len(cell) for cell in cells)):
            parts = []
            for position, i in enumerate(kept):
                cell = cells[position]
                text = cell[depth] if depth < len(cell) else ""
                padding = " " * (layout.widths[i] - _width(text))
                style = row_styles[i] if i < len(row_styles) and text else ""
                parts.append(f"{style}{text}{RESET}{padding}" if style else text + padding)
            lines.append(GAP.join(parts).rstrip())
        if number and layout.folded:
            folded = FOLD_SEPARATOR.join(
                f"{columns[i].header}: {row[i]}" for i in layout.folded if row[i]
            )
            room = None if width is None else max(width - indent, NARROWEST)
            if folded:
                folded_lines = [folded] if room is None else wrap(folded, room)
                lines.extend(" " * indent + line for line in folded_lines)
    return lines


def use_color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set or the terminal is dumb."""
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def output_width() -> int | None:
    """``COLUMNS`` when set, else the terminal's width; ``None`` (no wrapping) for output
    that is not a terminal, where a reader such as ``grep`` wants one line per entry."""
    raw = os.environ.get("COLUMNS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def entries_table(entries: Sequence[Entry], *, width: int | None, color: bool) -> str:
    """The table for ``entries`` in the order given, ``width`` cells wide where possible;
    a tags column when any entry has tags."""
    tags = any(entry.tags for entry in entries)
    columns = (*COLUMNS, TAGS) if tags else COLUMNS
    rows = [tuple(c.header for c in columns), *(entry_cells(e, tags=tags) for e in entries)]
    styles: list[Sequence[str]] = []
    if color:
        styles = [[BOLD] * len(columns)]
        status_column = columns.index(STATUS)
        for entry in entries:
            row = [""] * len(columns)
            if entry.status is not Status.ATTENDED:
                row[status_column] = YELLOW
            styles.append(row)
    return "\n".join(format_table(rows, width, columns=columns, styles=styles)) + "\n"


def print_entries(entries: Sequence[Entry]) -> None:
    sys.stdout.write(entries_table(entries, width=output_width(), color=use_color()))

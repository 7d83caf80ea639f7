"""The table ``therapylog list`` prints, as plain text.

Rich's ``Table`` measured and rendered every cell, about 1 ms per entry: ten seconds for a
journal of ten thousand. This draws the same columns in a few milliseconds: each column as
wide as its widest cell, two spaces apart; when that is wider than the terminal, the two
free-text columns (therapist and incidents) give up width, widest first, and wrap.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence

from rich.cells import cell_len, chop_cells

from therapylog.catalogue import Status
from therapylog.model import Entry
from therapylog.safetext import one_line

HEADERS = ("id", "therapist", "status", "mood", "felt", "incidents")
WRAPS = (False, True, False, False, False, True)  # the columns that may wrap
GAP = "  "
NARROWEST = 12  # a wrapping column never gets narrower than this
BOLD, YELLOW, RESET = "\x1b[1m", "\x1b[33m", "\x1b[0m"


def _width(text: str) -> int:
    """Terminal cells ``text`` takes (most text is ASCII: one cell a character)."""
    return len(text) if text.isascii() else cell_len(text)


def entry_cells(entry: Entry) -> tuple[str, ...]:
    before = "?" if entry.mood_before is None else str(entry.mood_before)
    after = "?" if entry.mood_after is None else str(entry.mood_after)
    mood = "" if entry.mood_before is None and entry.mood_after is None else f"{before} → {after}"
    felt = entry.effective_felt
    incidents = ", ".join(
        incident.kind + (" (repaired)" if incident.repaired else "") for incident in entry.incidents
    )
    return (
        entry.id,
        one_line(entry.therapist),
        entry.status.value,
        mood,
        felt.value if felt is not None else "",
        incidents,
    )


def column_widths(rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Each column's width: its widest cell, then wrapping columns narrowed to fit ``width``."""
    widths = [max(_width(cell) for cell in column) for column in zip(*rows, strict=True)]
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - width
    while excess > 0:
        narrowable = [i for i, wraps in enumerate(WRAPS) if wraps and widths[i] > NARROWEST]
        if not narrowable:
            break  # the terminal is too narrow: lines will be longer than it
        widest = max(narrowable, key=lambda i: widths[i])
        others = [widths[i] for i in narrowable if i != widest]
        step = min(excess, widths[widest] - max([*others, NARROWEST]) or 1)
        widths[widest] -= step
        excess -= step
    return widths


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells: words kept whole where they fit, long ones folded."""
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
    rows: Sequence[Sequence[str]], width: int, *, styles: Sequence[Sequence[str]] = ()
) -> list[str]:
    """The table's lines; ``rows[0]`` is the header. ``styles``: ANSI styles, per row, per
    column ("" for none); a style covers a cell's text, not its padding."""
    widths = column_widths(rows, width)
    lines = []
    for number, row in enumerate(rows):
        row_styles = styles[number] if number < len(styles) else ()
        cells = [wrap(cell, widths[i]) if WRAPS[i] else [cell] for i, cell in enumerate(row)]
        for depth in range(max(len(cell) for cell in cells)):
            parts = []
            for i, cell in enumerate(cells):
                text = cell[depth] if depth < len(cell) else ""
                padding = " " * (widths[i] - _width(text))
                style = row_styles[i] if i < len(row_styles) and text else ""
                parts.append(f"{style}{text}{RESET}{padding}" if style else text + padding)
            lines.append(GAP.join(parts).rstrip())
    return lines


def use_color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set or the terminal is dumb."""
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def entries_table(entries: Sequence[Entry], *, width: int, color: bool) -> str:
    """The table for ``entries`` in the order given, ``width`` cells wide where possible."""
    rows = [HEADERS, *(entry_cells(entry) for entry in entries)]
    styles: list[Sequence[str]] = []
    if color:
        styles = [[BOLD] * len(HEADERS)]
        status_column = HEADERS.index("status")
        for entry in entries:
            row = [""] * len(HEADERS)
            if entry.status is not Status.ATTENDED:
                row[status_column] = YELLOW
            styles.append(row)
    return "\n".join(format_table(rows, width, styles=styles)) + "\n"


def print_entries(entries: Sequence[Entry]) -> None:
    width = shutil.get_terminal_size().columns
    sys.stdout.write(entries_table(entries, width=width, color=use_color()))

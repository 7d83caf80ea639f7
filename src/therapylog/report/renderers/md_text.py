"""Markdown made safe and tidy: user text made inert, and tables.

Every piece of user text in a Markdown document goes through :func:`md` (or :func:`cell` inside
tables), so a note holding ``*``, ``#``, ``|`` or ``<script>`` shows as typed and never as
formatting or HTML.
"""

from __future__ import annotations

import re

from therapylog.data.safetext import one_line, printable

_INLINE = re.compile(r"([\\`*_\[\]<>#|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# A line that would start a list or underline a heading: ``- ``, ``+ ``, ``=``, ``1. ``, ``1) ``.
_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")


def _inert_start(match: re.Match[str]) -> str:
    """The mark escaped; after digits, the dot or bracket (Markdown escapes punctuation only:
    ``\\1.`` would show its backslash)."""
    space, mark, digits, stop = match.groups()
    return f"{space}\\{mark}" if mark else f"{space}{digits}\\{stop}"


def md(text: str) -> str:
    """User text made inert: every Markdown or HTML control character backslash-escaped."""
    escaped = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", printable(text)))
    return "\n".join(_LINE_START.sub(_inert_start, line) for line in escaped.split("\n"))


def cell(text: str) -> str:
    """User text for a table cell: on one line, escaped."""
    return md(one_line(text))


def table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]

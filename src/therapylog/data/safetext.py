"""Text from journal files made inert for output: the one cleaner every output path uses.

A journal file can hold anything (a hand-edited or synced file is not checked by ``add``), and
a terminal obeys control characters: ESC starts a sequence that can clear the screen, retitle
the window or write to the clipboard (OSC 52); U+009B and U+009D do the same as single C1
characters. So every string shown to a person passes through :func:`printable`, and every
JSON document through :func:`json_text`. docs/data-safety.md says where each is applied.

Pure and cheap to import: no terminal, no Rich.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: What a terminal may act on: C0 controls but tab and newline, DEL, C1 controls; and lone
#: surrogates (bytes of a file name that were not UTF-8), which no output stream can encode.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Shown in place of each: visible, one cell wide, and never part of an escape sequence.
REPLACEMENT = "\ufffd"
#: In JSON text these can only stand inside strings; JSON itself escapes only C0.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every control character replaced by U+FFFD, so that it can be shown.

    Line breaks are kept as newlines (a carriage return, alone or before a newline, becomes
    one newline), and tab is kept. Rich markup needs no treatment here: user text reaches Rich
    only as :class:`rich.text.Text` or through a console whose markup is off.
    """
    if text.isprintable():  # the common case, at C speed
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(REPLACEMENT, text)


def one_line(text: str) -> str:
    """User text on one line (table cells, list items, messages)."""
    return " ".join(printable(text).split())


def json_text(document: Any, *, indent: int | None = 2) -> str:
    """``document`` as JSON, readable UTF-8, with every control character escaped.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 but writes DEL and C1 (U+009B, a
    one-character CSI) raw; those, and lone surrogates, become ``\\u`` escapes here, which
    any JSON reader turns back into the same string.
    """
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    if _JSON_UNSAFE.search(text) is None:  # the common case: one pass, no copy
        return text
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)

"""Finding a piece of text the way a person means it: case and Unicode form do not matter.

``é`` typed as one character (NFC) and as ``e`` plus a combining accent (NFD) are the same
letter; ``Straße`` and ``STRASSE`` are the same word; a full-width ``Ａ`` is an ``A``. Both the
text and what is looked for are *folded* (NFKC, case folded, NFKC again: Unicode's
compatibility caseless matching) before comparing. Pure functions, no terminal.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple


def fold(text: str) -> str:
    """``text`` in the form used for comparing: case and Unicode form removed."""
    if text.isascii():
        return text.casefold()  # the common case, and NFKC leaves ASCII alone
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


class Span(NamedTuple):
    """Where a match is in the original (unfolded) text: ``text[start:end]``."""

    start: int
    end: int


def _clusters(text: str) -> list[tuple[int, int]]:
    """``text`` split into a base character and the combining marks that follow it."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            bounds.append((start, index))
            start = index
    return bounds if text else []


def find_spans(text: str, folded_query: str) -> list[Span]:
    """Each place in ``text`` where ``folded_query`` (already :func:`fold`-ed) occurs, as
    spans of ``text`` itself, never splitting a letter from its accents."""
    if not folded_query:
        return []
    if text.isascii():
        haystack = text.casefold()
        spans, at = [], haystack.find(folded_query)
        while at >= 0:
            spans.append(Span(at, at + len(folded_query)))
            at = haystack.find(folded_query, at + len(folded_query))
        return spans
    # Fold one cluster at a time, remembering which cluster each folded character came from.
    folded_parts: list[str] = []
    owner: list[int] = []  # folded character -> index of its cluster
    clusters = _clusters(text)
    for number, (start, end) in enumerate(clusters):
        part = fold(text[start:end])
        folded_parts.append(part)
        owner.extend([number] * len(part))
    haystack = "".join(folded_parts)
    spans = []
    at = haystack.find(folded_query)
    while at >= 0:
        last = at + len(folded_query) - 1
        spans.append(Span(clusters[owner[at]][0], clusters[owner[last]][1]))
        at = haystack.find(folded_query, at + len(folded_query))
    return spans

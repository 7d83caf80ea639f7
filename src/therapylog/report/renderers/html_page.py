"""The frame of every HTML document therapylog writes: one self-contained page, made to be
printed, and the escaping every piece of user text passes through.

Inline CSS and inline SVG only; a Content-Security-Policy forbids the page from fetching
anything at all. Every piece of user text passes through :func:`e` (``html.escape`` with
quotes), including inside the charts' titles and descriptions.
"""

from __future__ import annotations

import html

from therapylog.data.safetext import printable
from therapylog.report.renderers.html_style import CSS

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def e(text: str) -> str:
    """User text, escaped for HTML text and attribute values alike."""
    return html.escape(printable(text), quote=True)


def table(
    header: list[str], rows: list[list[str]], numeric: set[int] | frozenset[int] = frozenset()
) -> str:
    """A table from cells that are already escaped HTML."""

    def cls(index: int) -> str:
        return ' class="n"' if index in numeric else ""

    head = "".join(f"<th{cls(i)}>{h}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, body: str) -> str:
    """A whole self-contained page around ``body``."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n<meta name="generator" content="therapylog">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )

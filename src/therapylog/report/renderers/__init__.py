"""Renderers: a report in, text out. One registry maps each ``--format`` name to its renderer.

Renderers are pure: none prints or writes a file; the CLI does that with what they return.
The registry itself is cheap to import (the CLI builds ``--format`` choices from it at
start-up); each renderer's module, and with it the report model, is imported only when that
renderer runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from therapylog.report.readers import ExportOptions

if TYPE_CHECKING:
    from therapylog.report.model import Report


class RenderFunction(Protocol):
    def __call__(self, report: Report, options: ExportOptions) -> str: ...


@dataclass(frozen=True, slots=True)
class Renderer:
    """One output format of ``therapylog export``."""

    name: str  # the --format value
    description: str  # for --help
    suffix: str  # the usual file extension
    media_type: str
    load: Callable[[], RenderFunction]  # imports the renderer's module on first use

    def render(self, report: Report, options: ExportOptions | None = None) -> str:
        """The whole document for ``options.reader`` (the therapist's handout unless told
        otherwise) as text."""
        return self.load()(report, options or ExportOptions())


def _markdown() -> RenderFunction:
    from therapylog.report.renderers.documents import render_md

    return render_md


def _html() -> RenderFunction:
    from therapylog.report.renderers.documents import render_html

    return render_html


def _json() -> RenderFunction:
    from therapylog.report.renderers.documents import render_json

    return render_json


RENDERERS: dict[str, Renderer] = {
    renderer.name: renderer
    for renderer in (
        Renderer("md", "Markdown, readable as plain text", ".md", "text/markdown", _markdown),
        Renderer("html", "one self-contained, printable page", ".html", "text/html", _html),
        Renderer(
            "json",
            'the document as data, with its entries; "reader" names who it is for',
            ".json",
            "application/json",
            _json,
        ),
    )
}

#: The choices of ``export --format``, the default first.
FORMATS: tuple[str, ...] = tuple(RENDERERS)
DEFAULT_FORMAT = "md"

"""The Rich console every command prints through: markup off, and every character it is about
to send checked by :func:`therapylog.data.safetext.printable`.

Renderers already clean the user text they put in a table or a panel; this is the last
check, at the point where text becomes terminal output, so that a renderable that forgot
cannot let an escape sequence through. Rich's own styles are not text: they are added after
this check, so colour still works. (docs/data-safety.md, "Text from files is shown, never
obeyed".)
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook, RenderResult
from rich.segment import Segment

from therapylog.data.safetext import printable


class _Inert:
    """A renderable drawn as usual, then with every control character in its text replaced."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control or segment.text.isprintable():
                yield segment  # Rich's own cursor controls, or plain text (the common case)
            else:
                yield Segment(printable(segment.text), segment.style)


class _InertHook(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Inert(renderable) for renderable in renderables]


def inert_console(
    *, stderr: bool = False, plain: bool = False, max_width: int | None = None
) -> Console:
    """A console whose output can hold no control character but Rich's own styles.

    ``plain``: no colour and no style at all (``NO_COLOR``); ``max_width`` caps the width on
    wide terminals.
    """
    console = Console(
        stderr=stderr,
        markup=False,  # a "[bold]" or "[link=...]" in user text is shown as typed
        emoji=False,  # so is ":smile:"
        highlight=False,
        soft_wrap=False,
        color_system=None if plain else "auto",
    )
    if max_width is not None:
        console.width = min(console.width, max_width)
    console.push_render_hook(_InertHook())
    return console

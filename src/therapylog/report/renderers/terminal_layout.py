"""The building blocks of the terminal review: section rules and bars drawn in text."""

from __future__ import annotations

from rich.rule import Rule
from rich.text import Text

EIGHTHS = " ▏▎▍▌▋▊▉"


def section(title: str, style: str = "bold") -> Rule:
    return Rule(Text(title, style=style), align="left", style="dim")


def bar(value: float, high: float, width: int) -> str:
    """A horizontal bar of ``width`` cells for ``value`` out of ``high``, in eighths of a cell."""
    cells = max(0.0, min(value / high, 1.0)) * width if high else 0.0
    full, part = int(cells), round((cells - int(cells)) * 8)
    if part == 8:
        full, part = full + 1, 0
    text = "█" * full + (EIGHTHS[part] if part and full < width else "")
    return text + "·" * (width - len(text))

"""Text on the charts laid out so that no label covers another or is cut off at the edge.

A printed chart cannot be hovered: a value hidden under a cut-off label, or a month name cut
to "De" by the edge of the picture, is simply lost. So every piece of text on a chart is a
:class:`Label` with a box computed from its font size and an estimate of its width (generous,
per character, for the sans-serif fonts the page asks for), and a :class:`Layout` places each
label at the first of its candidate positions that stays inside the picture and clear of
everything placed before it. The most important labels are placed first; a label for which no
position is free is left out (the chart's description and the tables still say it).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Anchor = Literal["start", "middle", "end"]

#: Sizes of chart text, in the chart's own units (the page scales the whole picture).
TICK_SIZE = 11.0
VALUE_SIZE = 10.5
CUTOFF_SIZE = 10.0

#: Room kept between two labels, and between a label and the edge of the picture.
GAP = 1.5

# Advance widths in em, rounded up from the widest of the fonts in the page's font stack
# (DejaVu Sans is the widest: digits 0.64 em, capitals up to 0.77 em).
_NARROW = frozenset("iljftrI!.,:;'|() ")
_WIDE = frozenset("mwMW@%")


def char_width(char: str) -> float:
    """The advance of one character, in em, estimated on the generous side."""
    if char in _NARROW:
        return 0.40
    if char in _WIDE:
        return 0.95
    if char.isupper():
        return 0.75
    if char.isdigit():
        return 0.64
    return 0.62


def text_width(text: str, size: float) -> float:
    return sum(char_width(char) for char in text) * size


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = GAP) -> bool:
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


def point_box(x: float, y: float, radius: float) -> Box:
    """The square a plotted marker covers (its stroke included)."""
    reach = radius + 1
    return Box(x - reach, y - reach, x + reach, y + reach)


@dataclass(frozen=True, slots=True)
class Label:
    """One piece of chart text: ``y`` is its baseline, ``x`` the point its anchor names."""

    text: str
    x: float
    y: float
    size: float
    css: str
    anchor: Anchor = "start"
    bold: bool = False  # set in the page's CSS by class (the month of the period)

    @property
    def box(self) -> Box:
        width = text_width(self.text, self.size) * (1.12 if self.bold else 1.0)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        # Capitals and digits rise about 0.75 em above the baseline; descenders reach 0.25 em.
        return Box(left, self.y - 0.8 * self.size, left + width, self.y + 0.25 * self.size)

    def svg(self) -> str:
        return (
            f'<text class="{self.css}" x="{_f(self.x)}" y="{_f(self.y)}" '
            f'font-size="{_f(self.size)}" text-anchor="{self.anchor}">'
            f"{html.escape(self.text, quote=True)}</text>"
        )


def _f(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass
class Layout:
    """The labels of one chart, placed one by one, each clear of all placed before it."""

    width: float
    height: float
    labels: list[Label] = field(default_factory=list)
    taken: list[Box] = field(default_factory=list)

    def reserve(self, boxes: Iterable[Box]) -> None:
        """Keep labels off these (the plotted markers)."""
        self.taken.extend(boxes)

    def fits(self, label: Label) -> bool:
        box = label.box
        inside = Box(box.x0 - GAP, box.y0 - GAP, box.x1 + GAP, box.y1 + GAP)
        return inside.inside(self.width, self.height) and not any(
            box.overlaps(other) for other in self.taken
        )

    def place(self, candidates: Sequence[Label]) -> Label | None:
        """The first candidate that fits, placed; ``None`` when none does."""
        for label in candidates:
            if self.fits(label):
                self.labels.append(label)
                self.taken.append(label.box)
                return label
        return None

    def svg(self) -> list[str]:
        return [label.svg() for label in self.labels]

"""Whole numbers as people type them: ASCII digits only.

``str.isdigit`` is true for superscripts ("²") and other digits ``int`` cannot read, and
``int`` reads digits of other scripts and strings of any length: every score, rating and menu
number typed on the command line or in the interview goes through :func:`whole_number`.
"""

from __future__ import annotations

import re

#: An optional minus sign and up to six ASCII digits: every number therapylog asks for is small.
_WHOLE = re.compile(r"-?[0-9]{1,6}", re.ASCII)


def whole_number(text: str) -> int | None:
    """``text`` (already stripped) as a whole number, or None if it is not one."""
    if _WHOLE.fullmatch(text) is None:
        return None
    return int(text)

"""Who an export is for. One report model, three documents, each made by a pure function:

- ``therapist``: the handout to bring to the session, in the client's voice, about that
  therapist only, with nothing meant for the client's eyes alone (:mod:`.handout`);
- ``me``: the private review, every finding with its explanation and advice (the report
  itself, rendered in full);
- ``consultation``: a neutral, dated record for another professional (:mod:`.record`).

See docs/report.md for what each holds and when to print which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Reader = Literal["therapist", "me", "consultation"]

#: The name and version every JSON document of ``export`` carries.
FORMAT_NAME = "therapylog-summary"
#: 2: ``export`` writes one of three documents, each naming its ``"reader"`` (docs/report.md);
#: the private review (``me``) keeps version 1's keys.
FORMAT_VERSION = 2

#: The choices of ``export --for``, the default first.
READERS: tuple[Reader, ...] = ("therapist", "me", "consultation")
DEFAULT_READER: Reader = "therapist"

READER_HELP = {
    "therapist": "the handout for your therapist (the default)",
    "me": "your private review, with every explanation and suggestion",
    "consultation": "a factual record for another professional",
}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What ``export`` was asked for, beyond the period and the format."""

    reader: Reader = DEFAULT_READER
    notes: bool = True  # False (--no-notes): every free text out, for every reader
    with_notes: bool = False  # the handout carries session notes only when asked
    include_past: bool = False  # the handout's "what did not work for me before"
    therapist: str | None = None  # the handout's therapist, when not the current one

    @property
    def session_notes(self) -> bool:
        """Whether session notes (and tags) are shown: never with --no-notes; in the
        handout only with --with-notes."""
        if not self.notes:
            return False
        return self.with_notes if self.reader == "therapist" else True

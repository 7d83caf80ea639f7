"""Ending cleanly when the process is asked to stop (SIGTERM, SIGHUP) in the middle of work
that holds private text outside the journal: the editing copy of ``therapylog edit``.

By default SIGTERM and SIGHUP end a Python process at once, without running ``finally``
blocks, so a private copy in a scratch folder would stay behind. Inside
:func:`stop_on_signals` they raise :class:`Stopped` instead; the code holding the text keeps
it where it belongs and removes the copy as the exception passes (docs/data-safety.md,
promise 12).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

#: The signals that mean "stop now": a plain ``kill``, and the terminal going away.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Stopped(SystemExit):
    """The process was asked to stop. A ``SystemExit`` with the shell's code for a signal
    (128 + its number), so that wherever it is not handled the process simply ends."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
        #: What the user had written when the signal came, if the code holding it knows.
        self.edited: bytes | None = None


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Stopped` for the ``with`` block.

    Only the first signal raises: a second one during the clean-up is ignored, so that the
    clean-up finishes (SIGKILL still ends the process; the next ``edit`` sweeps what it
    leaves, see therapylog.journal.scratch).
    """
    stopping = False

    def handler(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)

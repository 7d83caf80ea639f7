"""Widen the window of a write, so that a random kill lands inside it often.

With ``THERAPYLOG_TEST_WRITE_DELAY=<seconds>`` every file-descriptor call that
``therapylog.journal.fsutil`` makes while writing (``atomic_write`` and ``fsync_dir``: open, write,
fsync, close, replace) sleeps that long first. With ``THERAPYLOG_TEST_WRITE_MARKER=<path>``
the first such call also creates that file, so the crash test knows a write has begun.
Nothing else changes: the calls themselves are the real ones.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

WRITERS = {"atomic_write", "fsync_dir"}


def install(delay: float, marker: str | None) -> None:
    started = False

    def wrap(name: str) -> None:
        real = getattr(os, name)

        def slowed(*args: Any, **kwargs: Any) -> Any:
            nonlocal started
            caller = sys._getframe(1)
            if caller.f_globals.get("__name__") == "therapylog.journal.fsutil" and (
                caller.f_code.co_name in WRITERS
            ):
                if marker and not started:
                    started = True
                    real_open(marker, os.O_WRONLY | os.O_CREAT, 0o600)
                time.sleep(delay)
            return real(*args, **kwargs)

        setattr(os, name, slowed)

    real_open = os.open
    for name in ("open", "write", "fsync", "close", "replace"):
        wrap(name)

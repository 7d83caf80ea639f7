"""Keeping what could not be saved: the rescue copy (docs/data-safety.md)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from therapylog.data.model import Entry
from therapylog.journal.backup import backup_document
from therapylog.journal.fsutil import atomic_write


def rescue_entry(entry: Entry) -> str:
    """Keep an entry that could not be saved where the user can re-add it from."""
    document = json.dumps(backup_document([entry], [], None), indent=2) + "\n"
    for folder in (Path(tempfile.gettempdir()), Path.home()):
        target = folder / f"therapylog-unsaved-{entry.id}-{os.getpid()}.json"
        try:
            atomic_write(target, document.encode("utf-8"))
        except OSError:
            continue
        return f"your entry was kept in {target}; re-add it with `therapylog import {target}`"
    return "your entry could not be kept anywhere either; here it is: " + " ".join(document.split())

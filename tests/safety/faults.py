"""Disk-fault injection for the steps of :func:`therapylog.journal.fsutil.atomic_write`.

:func:`inject` replaces the ``os`` module seen by ``therapylog.journal.fsutil`` (and only by it) with a
proxy that makes one step fail with a chosen errno, for files under a chosen folder:

- ``write``: ``os.write`` to a regular file
- ``short-write``: the first ``os.write`` writes half of its bytes, the next one fails
- ``fsync``: ``os.fsync`` of a regular file
- ``replace``: ``os.replace`` onto a path in the folder
- ``folder-fsync``: ``os.fsync`` of a folder

Steps are recognised by what they do (the kind of file descriptor, the call), not by the names
of therapylog's functions, so that a rewrite of atomic_write is still tested.
"""

from __future__ import annotations

import os as real_os
import stat
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from therapylog.journal import fsutil

STEPS = ("write", "short-write", "fsync", "replace", "folder-fsync")


@dataclass
class Fault:
    step: str
    errno: int
    root: Path
    skip: int = 0  # let this many matching calls succeed first
    times: int = 1  # then fail this many (a large number: the disk stays broken)
    matched: int = 0
    fired: int = 0

    def _inside(self, path: str | bytes) -> bool:
        """Under ``root``, but not in the derived cache (``.cache/``), which is not journal
        data and whose writes are best effort: a fault there must not stand in for one in
        the journal's own files."""
        text = real_os.fsdecode(path)
        root = str(self.root).rstrip("/") + "/"
        inside = text == str(self.root) or text.startswith(root)
        return inside and not text.startswith(root + ".cache")

    def _fd_inside(self, fd: int) -> bool:
        return self._inside(real_os.readlink(f"/proc/self/fd/{fd}"))

    def should_fail(self, step: str) -> bool:
        if step != self.step:
            return False
        self.matched += 1
        if self.matched <= self.skip or self.fired >= self.times:
            return False
        self.fired += 1
        return True

    def error(self) -> OSError:
        return OSError(self.errno, real_os.strerror(self.errno))


class _FaultyOs(ModuleType):
    def __init__(self, fault: Fault) -> None:
        super().__init__("os")
        self._fault = fault
        self._half_written: set[int] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(real_os, name)

    def write(self, fd: int, data: Any) -> int:
        fault = self._fault
        if stat.S_ISREG(real_os.fstat(fd).st_mode) and fault._fd_inside(fd):
            if fault.step == "short-write":
                # The disk takes half of the bytes, then fails on the rest.
                if fd in self._half_written:
                    self._half_written.discard(fd)
                    raise fault.error()
                if fault.should_fail("short-write"):
                    self._half_written.add(fd)
                    return real_os.write(fd, bytes(data[: max(1, len(data) // 2)]))
            elif fault.should_fail("write"):
                raise fault.error()
        return real_os.write(fd, data)

    def fsync(self, fd: int) -> None:
        fault = self._fault
        if fault._fd_inside(fd):
            is_folder = stat.S_ISDIR(real_os.fstat(fd).st_mode)
            if fault.should_fail("folder-fsync" if is_folder else "fsync"):
                raise fault.error()
        real_os.fsync(fd)

    def replace(self, src: Any, dst: Any, **kwargs: Any) -> None:
        fault = self._fault
        if fault._inside(real_os.fspath(dst)) and fault.should_fail("replace"):
            raise fault.error()
        real_os.replace(src, dst, **kwargs)


def inject(monkeypatch: pytest.MonkeyPatch, fault: Fault) -> Fault:
    monkeypatch.setattr(fsutil, "os", _FaultyOs(fault))
    return fault


def heal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsutil, "os", real_os)

"""Refuse every attempt to reach the network, and remember it.

therapylog promises never to touch the network. This guard is installed in the test process
(by ``tests/safety/no_network.py``) and in every subprocess the safety tests start (through
``sitecustomize.py`` in this folder, put on ``PYTHONPATH``). An attempt raises
:class:`NetworkAccessError` (not an ``OSError``, so ``except OSError`` cannot swallow it) and is
recorded, in :data:`attempts` and, when ``THERAPYLOG_NETWORK_GUARD_LOG`` names a file, in that
file, so that a test fails even if the code under test catches the exception.

Unix-domain sockets are local and allowed; everything else (Internet sockets, name lookups)
is refused.
"""

from __future__ import annotations

import os
import socket
from typing import Any

LOG_VARIABLE = "THERAPYLOG_NETWORK_GUARD_LOG"

attempts: list[str] = []
_installed = False


class NetworkAccessError(RuntimeError):
    """Raised instead of opening a network connection."""


def _refuse(what: str) -> None:
    attempts.append(what)
    log = os.environ.get(LOG_VARIABLE)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}: {what}\n")
    raise NetworkAccessError(f"therapylog tests forbid network access: {what}")


def _is_local(family: Any) -> bool:
    return family == getattr(socket, "AF_UNIX", object())


def install() -> None:
    """Patch the socket module in this process (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    real_init = socket.socket.__init__
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_sendto = socket.socket.sendto

    def guarded_init(
        self: socket.socket, family: int = -1, type: int = -1, proto: int = 0, fileno: Any = None
    ) -> None:
        if fileno is None and not _is_local(family):
            _refuse(f"socket(family={family})")
        real_init(self, family, type, proto, fileno)

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if not _is_local(self.family):
            _refuse(f"connect({address!r})")
        real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_local(self.family):
            _refuse(f"connect_ex({address!r})")
        return real_connect_ex(self, address)

    def guarded_sendto(self: socket.socket, *args: Any) -> int:
        if not _is_local(self.family):
            _refuse(f"sendto{args[1:]!r}")
        return real_sendto(self, *args)

    def refuse_lookup(name: str) -> Any:
        def lookup(*args: Any, **kwargs: Any) -> Any:
            _refuse(f"{name}{args!r}")

        return lookup

    socket.socket.__init__ = guarded_init  # type: ignore[method-assign]
    socket.socket.connect = guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = guarded_sendto  # type: ignore[method-assign,assignment]
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        setattr(socket, name, refuse_lookup(name))
    socket.create_connection = refuse_lookup("create_connection")  # type: ignore[assignment]

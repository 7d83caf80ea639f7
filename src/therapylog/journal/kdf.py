"""Turning a passphrase into a key: Argon2id, tuned on this machine at setup.

Argon2id (RFC 9106) makes each guess at a passphrase cost time *and* memory, which is what
slows an attacker with a stolen copy of the journal and a graphics card. ``cryptography``
runs it on one thread, so extra lanes would only add time: the cost is tuned through memory
and passes, with one lane.

Tuning (:func:`tune`) aims at about a quarter of a second per unlock here (0.1–0.5 s), and
never goes below :data:`FLOOR`, the OWASP Password Storage Cheat Sheet's first Argon2id
configuration (19 MiB, 2 passes, 1 lane): on a slow machine unlocking takes longer rather
than getting weaker. The chosen parameters and the salt are stored in the journal's
``encryption.toml``, so every machine derives the same key. Parameters read from that file are
checked against :data:`CEILING`, so a changed file cannot make therapylog allocate gigabytes.
docs/encryption.md lists the numbers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from therapylog.journal.crypto import KEY_SIZE, Secret

SALT_SIZE: Final = 16
MIB: Final = 1024  # memory is counted in KiB, as Argon2 does


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int = 1

    def at_least(self, other: KdfParams) -> bool:
        return self.memory_kib >= other.memory_kib and self.iterations >= other.iterations

    def within(self, other: KdfParams) -> bool:
        return (
            self.memory_kib <= other.memory_kib
            and self.iterations <= other.iterations
            and self.lanes <= other.lanes
        )

    def describe(self) -> str:
        return (
            f"Argon2id, {self.memory_kib // MIB} MiB, {self.iterations} passes, {self.lanes} lane"
        )


#: Never weaker than this at setup (OWASP: m = 19 MiB, t = 2, p = 1).
FLOOR: Final = KdfParams(memory_kib=19 * MIB, iterations=2)
#: Where tuning starts: RFC 9106's second recommended option uses 64 MiB.
START: Final = KdfParams(memory_kib=64 * MIB, iterations=3)
#: Where tuning stops on a fast machine.
TOP: Final = KdfParams(memory_kib=256 * MIB, iterations=10)
#: The most a journal's file may ask for (4 GiB, 64 passes, 16 lanes): beyond it is refused.
CEILING: Final = KdfParams(memory_kib=4 * 1024 * MIB, iterations=64, lanes=16)

TARGET_SECONDS: Final = 0.25
FASTEST_SECONDS: Final = 0.1
SLOWEST_SECONDS: Final = 0.5

#: Measures one derivation with the given parameters, in seconds (injected by tests).
Measure = Callable[[KdfParams], float]


def is_valid(params: KdfParams) -> bool:
    """Parameters Argon2 accepts and the ceiling allows (memory at least 8 KiB per lane)."""
    return (
        params.lanes >= 1
        and params.iterations >= 1
        and params.memory_kib >= 8 * params.lanes
        and params.within(CEILING)
    )


def derive(passphrase: Secret, salt: bytes, params: KdfParams) -> Secret:
    """The 256-bit key-encryption key for ``passphrase``."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    if not is_valid(params):
        raise ValueError("Argon2id parameters out of range")
    kdf = Argon2id(
        salt=salt,
        length=KEY_SIZE,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return Secret(kdf.derive(passphrase.reveal()))


def measure(params: KdfParams) -> float:
    """Seconds one derivation takes here (with a throwaway passphrase and salt).

    Counted in this thread's CPU time: Argon2id here is one thread of pure computation, and
    CPU time is what it costs on this machine whatever else is running while it is tuned
    (on a busy machine the wall clock would choose parameters too weak for a quiet one)."""
    derive(Secret(b"warm-up"), bytes(SALT_SIZE), KdfParams(8, 1))  # the library's first use
    started = time.thread_time()
    derive(Secret(b"tuning"), bytes(SALT_SIZE), params)
    return time.thread_time() - started


def tune(measure: Measure = measure, *, target: float = TARGET_SECONDS) -> KdfParams:
    """The strongest parameters that derive a key in about ``target`` seconds here.

    One pass at the starting memory gives the cost of a MiB-pass (Argon2's time grows
    linearly with memory × passes); memory is chosen first (for three passes), then passes,
    within ``FLOOR`` and ``TOP``. A second measurement corrects for the model: if the result
    is slower than 0.5 s it steps down (never below the floor), if faster than 0.1 s it steps
    up (never above the top). At most a handful of derivations: setup takes about a second.
    """
    per_mib_pass = max(measure(KdfParams(START.memory_kib, 1)), 1e-9) / START.memory_kib
    memory = _clamp(int(target / (3 * per_mib_pass)), FLOOR.memory_kib, TOP.memory_kib)
    memory -= memory % MIB
    passes = _clamp(round(target / (memory * per_mib_pass)), FLOOR.iterations, TOP.iterations)
    params = KdfParams(max(memory, FLOOR.memory_kib), passes)
    for _ in range(8):
        seconds = measure(params)
        if seconds > SLOWEST_SECONDS and params != FLOOR:
            params = _step_down(params)
        elif seconds < FASTEST_SECONDS and params != TOP:
            params = _step_up(params)
        else:
            break
    return params


def _step_down(params: KdfParams) -> KdfParams:
    if params.iterations > FLOOR.iterations:
        return KdfParams(params.memory_kib, params.iterations - 1)
    memory = max(FLOOR.memory_kib, (params.memory_kib // 2) // MIB * MIB)
    return KdfParams(memory, params.iterations)


def _step_up(params: KdfParams) -> KdfParams:
    if params.memory_kib < TOP.memory_kib:
        return KdfParams(min(TOP.memory_kib, params.memory_kib * 2), params.iterations)
    return KdfParams(params.memory_kib, min(TOP.iterations, params.iterations + 1))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))

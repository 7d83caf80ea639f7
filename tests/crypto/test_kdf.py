"""Argon2id tuning: about a quarter of a second here, never below the floor, never above the top."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapylog.journal import kdf
from therapylog.journal.crypto import Secret
from therapylog.journal.kdf import CEILING, FLOOR, TOP, KdfParams

TINY = KdfParams(memory_kib=8, iterations=1)


def machine(seconds_per_mib_pass: float, *, overhead: float = 0.0):  # type: ignore[no-untyped-def]
    """A fake machine where Argon2id costs time in proportion to memory × passes."""
    calls: list[KdfParams] = []

    def measure(params: KdfParams) -> float:
        calls.append(params)
        return overhead + seconds_per_mib_pass * params.memory_kib / 1024 * params.iterations

    return measure, calls


@given(st.floats(min_value=5e-5, max_value=0.0125))
def test_on_an_ordinary_machine_unlocking_takes_a_tenth_to_half_a_second(speed: float) -> None:
    measure, calls = machine(speed)
    params = kdf.tune(measure)
    assert params.at_least(FLOOR) and params.within(TOP)
    assert kdf.FASTEST_SECONDS <= measure(params) <= kdf.SLOWEST_SECONDS
    assert params.lanes == 1  # cryptography runs Argon2id on one thread
    assert params.memory_kib % 1024 == 0
    assert len(calls) <= 11


@given(st.floats(min_value=0.0125, max_value=10.0))
def test_a_slow_machine_never_goes_below_the_floor(speed: float) -> None:
    measure, _ = machine(speed)
    params = kdf.tune(measure)
    assert params.at_least(FLOOR)
    if measure(FLOOR) > kdf.SLOWEST_SECONDS:
        assert params == FLOOR


def test_a_very_fast_machine_stops_at_the_top() -> None:
    measure, _ = machine(1e-7)
    assert kdf.tune(measure) == TOP


def test_a_fixed_overhead_does_not_fool_the_model() -> None:
    measure, _ = machine(2e-3, overhead=0.3)
    params = kdf.tune(measure)
    assert params.at_least(FLOOR)
    assert measure(params) <= kdf.SLOWEST_SECONDS


def test_the_floor_is_owasps_first_argon2id_configuration() -> None:
    assert (FLOOR.memory_kib, FLOOR.iterations, FLOOR.lanes) == (19 * 1024, 2, 1)


def test_derivation_depends_on_every_input() -> None:
    salt = bytes(16)
    key = kdf.derive(Secret(b"passphrase"), salt, TINY)
    assert len(key) == 32
    assert kdf.derive(Secret(b"passphrase"), salt, TINY) == key
    assert kdf.derive(Secret(b"passphrasf"), salt, TINY) != key
    assert kdf.derive(Secret(b"passphrase"), b"\x01" + salt[1:], TINY) != key
    assert kdf.derive(Secret(b"passphrase"), salt, KdfParams(16, 1)) != key
    assert kdf.derive(Secret(b"passphrase"), salt, KdfParams(8, 2)) != key


@pytest.mark.parametrize(
    "params",
    [
        KdfParams(CEILING.memory_kib + 1, 1),
        KdfParams(1024, CEILING.iterations + 1),
        KdfParams(1024, 1, lanes=0),
        KdfParams(7, 1),
        KdfParams(1024, 0),
    ],
)
def test_parameters_beyond_the_ceiling_or_below_argon2s_minimum_are_refused(
    params: KdfParams,
) -> None:
    assert not kdf.is_valid(params)
    with pytest.raises(ValueError):
        kdf.derive(Secret(b"x"), bytes(16), params)


def test_the_real_measurement_times_a_derivation() -> None:
    seconds = kdf.measure(TINY)
    assert 0 < seconds < 5

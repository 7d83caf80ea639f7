"""pytest plugin: the whole test suite fails if any code path reaches for the network.

Loaded for every test from ``tests/conftest.py`` (``pytest_plugins``). The guard is installed
once, at configuration time, so imports and collection are covered too; after each test any
recorded attempt fails that test, even if the code under test swallowed the exception.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.safety.subprocess_site import network_guard


def pytest_configure(config: pytest.Config) -> None:
    network_guard.install()


@pytest.fixture(autouse=True)
def _no_network() -> Iterator[None]:
    network_guard.attempts.clear()
    yield
    if network_guard.attempts:
        attempts = "; ".join(network_guard.attempts)
        network_guard.attempts.clear()
        pytest.fail(f"a code path tried to reach the network: {attempts}", pytrace=False)

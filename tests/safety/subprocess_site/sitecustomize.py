"""Installs the network guard in every Python process started with this folder on PYTHONPATH."""

import network_guard

network_guard.install()

"""Installs test hooks in every Python process started with this folder on PYTHONPATH:
always the network guard; the write-window widener only when asked (see crash_window)."""

import os

import network_guard

network_guard.install()

if os.environ.get("THERAPYLOG_TEST_WRITE_DELAY"):
    import crash_window

    crash_window.install(
        float(os.environ["THERAPYLOG_TEST_WRITE_DELAY"]),
        os.environ.get("THERAPYLOG_TEST_WRITE_MARKER"),
    )

"""The names of a journal folder's files and folders: what a journal looks like on disk.

Names only, importing nothing, so that every module of the journal layer (the folder, the
keys, sealing, drafts, the read index) can agree on them without importing one another
(docs/data-safety.md describes each file).
"""

from __future__ import annotations

ENTRIES_DIR = "entries"
GOALS_FILE = "goals.toml"
SETTINGS_FILE = "settings.toml"
THERAPISTS_FILE = "therapists.toml"
#: An encrypted journal's keys (docs/encryption.md); its presence means "encrypted".
KEYS_FILE = "encryption.toml"
LOCK_FILE = ".lock"
RESCUE_DIR = "rescued"
DRAFTS_DIR = "drafts"
INDEX_DIR = ".cache"

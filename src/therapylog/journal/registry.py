"""The therapists registry, ``therapists.toml``: reading, writing and changing it. Pure.

The file is created only when the client first says something about a therapist (ends,
reopens, renames or merges one); a journal without it works exactly as before. It carries a
schema version like every journal file, and a file that cannot be read is reported and never
rewritten (docs/therapists.md)::

    schema_version = 1

    [[therapists]]
    name = "Dr. Lee"
    aliases = ["Dr Lee", "Dr. Leee"]
    ended = 2026-09-30
    note = "we agreed to stop"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from therapylog.data.dates import stored_day
from therapylog.data.errors import DamagedFileError, InputError
from therapylog.data.identity import Registry, TherapistRecord, normalise_name
from therapylog.data.model import MAX_ENTRY_BYTES, MAX_THERAPIST_LENGTH, SCHEMA_VERSION
from therapylog.journal.codec import _document as document_of
from therapylog.journal.codec import _encode

RECORD_KEYS = ("name", "aliases", "ended", "note")
MAX_NOTE_LENGTH = 2000


class RegistryError(ValueError):
    """What is wrong with a registry's content, in one line (without the file's name)."""


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise RegistryError(f"{where}: {value!r} is not text")
    name = " ".join(value.split())
    if not normalise_name(name):
        raise RegistryError(f"{where}: {value!r} has no letters or digits; give a name")
    if len(name) > MAX_THERAPIST_LENGTH:
        raise RegistryError(f"{where}: is longer than {MAX_THERAPIST_LENGTH} characters")
    return name


def _date(value: Any, where: str) -> dt.date:
    try:
        return stored_day(value)  # the rules every date of the journal keeps to
    except ValueError as error:
        raise RegistryError(f"{where}: {error}") from None


def record_from_mapping(row: Any, where: str) -> TherapistRecord:
    """One therapist from a TOML table or a backup's JSON object."""
    if not isinstance(row, Mapping):
        raise RegistryError(f"{where}: must be a table with a name")
    unknown = sorted(set(row) - set(RECORD_KEYS))
    if unknown:
        raise RegistryError(
            f"{where}: unknown keys {', '.join(map(str, unknown))}; "
            f"allowed: {', '.join(RECORD_KEYS)}"
        )
    if "name" not in row:
        raise RegistryError(f"{where}.name: is missing")
    aliases = row.get("aliases", [])
    if not isinstance(aliases, list):
        raise RegistryError(f"{where}.aliases: must be a list of names")
    ended = row.get("ended")
    note = row.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE_LENGTH):
        raise RegistryError(f"{where}.note: must be text of at most {MAX_NOTE_LENGTH} characters")
    return TherapistRecord(
        name=_name(row["name"], f"{where}.name"),
        aliases=tuple(
            dict.fromkeys(
                _name(alias, f"{where}.aliases[{index}]") for index, alias in enumerate(aliases)
            )
        ),
        ended=None if ended is None else _date(ended, f"{where}.ended"),
        note=note.strip() or None if isinstance(note, str) else None,
    )


def registry_from_rows(rows: Any, where: str = "therapists") -> Registry:
    """A whole registry; every spelling must belong to one therapist only."""
    if not isinstance(rows, list):
        raise RegistryError(f"{where}: must be a list of [[therapists]] tables")
    records = tuple(record_from_mapping(row, f"{where}[{i}]") for i, row in enumerate(rows))
    owner: dict[str, str] = {}
    for record in records:
        for key in record.normalised():
            if key in owner:
                raise RegistryError(
                    f"{where}: {key!r} is a spelling of both {owner[key]!r} and "
                    f"{record.name!r}; a spelling can belong to one therapist only"
                )
        owner.update(dict.fromkeys(record.normalised(), record.name))
    return Registry(records)


def record_to_json(record: TherapistRecord) -> dict[str, Any]:
    """A therapist as in ``therapists --json`` and backups (dates as ``YYYY-MM-DD``)."""
    return {
        "name": record.name,
        "aliases": list(record.aliases),
        "ended": record.ended.isoformat() if record.ended is not None else None,
        "note": record.note,
    }


def registry_from_toml(path: Path, data: bytes) -> Registry:
    document = document_of(path, data)
    rows = document.pop("therapists", [])
    if document:
        raise DamagedFileError(path, f"unknown keys: {', '.join(sorted(document))}")
    try:
        return registry_from_rows(rows)
    except RegistryError as error:
        raise DamagedFileError(path, str(error)) from None


def registry_to_toml(registry: Registry) -> bytes:
    import tomli_w  # here: commands that only read never load the TOML writer

    rows = []
    for record in registry.therapists:
        row: dict[str, Any] = {"name": record.name}
        if record.aliases:
            row["aliases"] = list(record.aliases)
        if record.ended is not None:
            row["ended"] = record.ended
        if record.note:
            row["note"] = record.note
        rows.append(row)
    data = _encode(tomli_w.dumps({"schema_version": SCHEMA_VERSION, "therapists": rows}))
    if len(data) > MAX_ENTRY_BYTES:  # it would not be read back (docs/data-safety.md)
        raise InputError(
            f"the therapists file would be {len(data):,} bytes, more than the "
            f"{MAX_ENTRY_BYTES:,} bytes (1 MB) a journal file may hold; nothing was saved"
        )
    return data


# --- changes: each returns a new registry ----------------------------------------------------


def with_record(registry: Registry, old: TherapistRecord | None, new: TherapistRecord) -> Registry:
    """``registry`` with ``old`` replaced by ``new`` (or ``new`` added when ``old`` is None)."""
    records = [new if record is old else record for record in registry.therapists]
    if old is None:
        records.append(new)
    return Registry(tuple(records))


def without_record(registry: Registry, gone: TherapistRecord) -> Registry:
    return Registry(tuple(record for record in registry.therapists if record is not gone))


def add_aliases(record: TherapistRecord, spellings: list[str]) -> TherapistRecord:
    """``record`` with each spelling that is not already its name or an alias added."""
    known = set(record.spellings())
    added = [s for s in dict.fromkeys(" ".join(s.split()) for s in spellings) if s not in known]
    return replace(record, aliases=(*record.aliases, *added))


def merge_imported(local: Registry, incoming: Registry) -> tuple[Registry, list[str]]:
    """``incoming`` (from a backup) merged into ``local``: a therapist unknown here is added; a
    known one gains the aliases it lacks, and its ``ended`` when it has none here. Merging the
    same registry twice changes nothing. Returns the registry and the names that changed."""
    merged = local
    changed: list[str] = []
    for record in incoming.therapists:
        owners = {id(r): r for key in record.normalised() if (r := _owner(merged, key)) is not None}
        if not owners:
            merged = with_record(merged, None, record)
            changed.append(record.name)
            continue
        if len(owners) > 1:
            continue  # the backup joins two therapists this journal keeps apart: keep ours
        (mine,) = owners.values()
        updated = add_aliases(mine, list(record.spellings()))
        if mine.ended is None and record.ended is not None:
            updated = replace(updated, ended=record.ended, note=record.note)
        if updated != mine:
            merged = with_record(merged, mine, updated)
            changed.append(mine.name)
    return merged, changed


def _owner(registry: Registry, key: str) -> TherapistRecord | None:
    for record in registry.therapists:
        if key in record.normalised():
            return record
    return None

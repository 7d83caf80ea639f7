"""Data from outside (TOML files, backups, what the user typed) turned into valid records, by
the rules of :mod:`therapylog.data.schemas`.

``validate(Entry, data)`` returns a valid entry or raises pydantic's ``ValidationError``;
``validated(Entry, data)`` raises an :class:`InputError` with one line a person can act on,
naming each invalid field, the value given and what is accepted.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic_core import SchemaValidator, ValidationError

from therapylog.data.catalogue import ALLIANCE_SCALES
from therapylog.data.errors import InputError
from therapylog.data.model import Alliance, Record
from therapylog.data.numbers import whole_number
from therapylog.data.schemas import SCHEMAS

__all__ = [
    "ValidationError",
    "describe_validation_error",
    "parse_alliance",
    "validate",
    "validated",
]

R = TypeVar("R", bound=Record)

_VALIDATORS: dict[type[Record], SchemaValidator] = {}


def validate(model: type[R], data: Any) -> R:
    """``data`` (a dict as read from TOML or JSON) as a valid ``model``; raises
    ``ValidationError`` naming each problem."""
    validator = _VALIDATORS.get(model)
    if validator is None:
        validator = _VALIDATORS[model] = SchemaValidator(SCHEMAS[model])
    result: R = validator.validate_python(data)
    return result


def validated(model: type[R], data: Any, *, prefix: str | None = None) -> R:
    """Validate ``data`` as ``model``, raising :class:`InputError` with a readable message."""
    try:
        return validate(model, data)
    except ValidationError as error:
        raise InputError(describe_validation_error(error, prefix=prefix)) from None


def parse_alliance(text: str) -> Alliance:
    """Read ``H,G,A,O`` as typed on the command line."""
    numbers = [whole_number(part.strip()) for part in text.split(",")]
    names = [name for name, _ in ALLIANCE_SCALES]
    if len(numbers) != len(names) or None in numbers:
        raise InputError(
            f"alliance: {text!r} is not valid; give four whole numbers 0-10 as "
            "heard,goals,approach,overall (for example 8,9,7,8)"
        )
    return validated(Alliance, dict(zip(names, numbers, strict=True)), prefix="alliance")


# --- turning a ValidationError into one line a person can act on -----------------------------


def _location(loc: tuple[int | str, ...], prefix: str | None) -> str:
    parts = [str(part) for part in loc if not str(part).startswith("function-")]
    if prefix:
        parts.insert(0, prefix)
    return ".".join(parts) or "value"


def describe_validation_error(error: ValidationError, *, prefix: str | None = None) -> str:
    """One line naming each invalid field, its value and what is accepted."""
    messages = []
    for item in error.errors(include_url=False):
        where = _location(item["loc"], prefix)
        kind = item["type"]
        value = item.get("input")
        if kind == "value_error":
            text = str(item["msg"]).removeprefix("Value error, ")
            if item["loc"] == ():
                messages.append(text)
                continue
            messages.append(f"{where}: {text}")
        elif kind == "missing":
            messages.append(f"{where}: is required")
        elif kind == "extra_forbidden":
            messages.append(f"{where}: is not a known field")
        elif kind.startswith(("int_", "bool_", "dict_", "list_", "string_", "model_")):
            messages.append(f"{where}: {value!r} has the wrong type ({item['msg'].lower()})")
        else:
            messages.append(f"{where}: {value!r}: {item['msg']}")
    return "; ".join(messages)

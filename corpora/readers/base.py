"""Types shared by the readers."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any, Literal

KNOWN_FIELDS = ("id", "title", "outlet", "url", "date", "author", "lang")


@dataclass
class RawRecord:
    """One document as read, before cleaning: text, metadata and where it came from."""

    text: str
    source: str
    id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    is_html: bool = False
    encoding: str | None = None
    kind: str = "text"


@dataclass(frozen=True)
class LoadIssue:
    """A problem with one input, reported in one line; ``level`` error skips the input."""

    source: str
    message: str
    level: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def split_fields(row: dict[str, Any], text_field: str, id_field: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a table row into known document fields and extra metadata (JSON-safe)."""
    fields: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    for key, value in row.items():
        if key in (text_field, id_field):
            continue
        value = json_safe(value)
        if key in KNOWN_FIELDS and key != "id":
            if value is not None and value != "":
                fields[key] = str(value)
        else:
            meta[key] = value
    return fields, meta


def json_safe(value: Any) -> Any:
    """Make a value from a table (dates, numpy scalars, NaN) fit for JSON."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        return json_safe(value.item())
    if hasattr(value, "tolist"):
        return json_safe(value.tolist())
    return str(value)

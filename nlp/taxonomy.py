"""Taxonomies: the frames and stances every command reads from a YAML file.

Nothing in the toolkit hard-codes frame ids: the bundled file implements the project's
guidelines, and any other file with the same shape works end to end.

>>> tax = load_taxonomy()
>>> tax.frame_ids[:2], tax.stance_ids
(['sanctions_eased', 'sanctions_maintained'], ['endorse', 'contest', 'neutral'])
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DEFAULT_TAXONOMY = Path(__file__).resolve().parents[1] / "corpora" / "taxonomy" / "japan_russia.yaml"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class TaxonomyError(ValueError):
    """A taxonomy file is missing, unreadable or invalid."""


class UnknownLabelError(ValueError):
    """A frame or stance id that the taxonomy does not define."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StanceDef(_Strict):
    id: str
    definition: str = ""


class FrameDef(_Strict):
    id: str = Field(description="Stable id used in data, models and outputs (lower_snake_case).")
    label: str = Field(description="Human-readable name.")
    definition: str
    include: list[str] = Field(default_factory=list, description="Cases that count.")
    exclude: list[str] = Field(default_factory=list, description="Cases that do not.")
    examples: dict[str, list[str]] = Field(default_factory=dict, description="Example sentences per language.")
    keywords: dict[str, list[str]] = Field(default_factory=dict, description="Cue words per language (keyword baseline).")

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"frame id {value!r} must be lower_snake_case")
        return value


class Taxonomy(_Strict):
    id: str
    version: str
    title: str = ""
    description: str = ""
    stances: list[StanceDef]
    frames: list[FrameDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "Taxonomy":
        for kind, ids in (("frame", [f.id for f in self.frames]), ("stance", [s.id for s in self.stances])):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {kind} ids: {', '.join(dupes)}")
        if not self.stances:
            raise ValueError("at least one stance is required")
        return self

    @cached_property
    def frame_ids(self) -> list[str]:
        return [f.id for f in self.frames]

    @cached_property
    def stance_ids(self) -> list[str]:
        return [s.id for s in self.stances]

    def frame(self, frame_id: str) -> FrameDef:
        for f in self.frames:
            if f.id == frame_id:
                return f
        raise UnknownLabelError(f"unknown frame {frame_id!r}; taxonomy {self.id} {self.version} has: {', '.join(self.frame_ids)}")

    def check_frame(self, frame_id: str) -> str:
        self.frame(frame_id)
        return frame_id

    def check_stance(self, stance: str) -> str:
        if stance not in self.stance_ids:
            raise UnknownLabelError(f"unknown stance {stance!r}; expected one of: {', '.join(self.stance_ids)}")
        return stance

    @property
    def name(self) -> str:
        return f"{self.id}@{self.version}"


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy YAML file (the bundled one when ``path`` is None)."""
    path = Path(path) if path is not None else DEFAULT_TAXONOMY
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TaxonomyError(f"{path}: taxonomy file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise TaxonomyError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: expected a mapping with id, version, stances and frames")
    try:
        return Taxonomy.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise TaxonomyError(f"{path}: {loc}: {first['msg']}" + (f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else "")) from None

"""The knowledge base: entities with Wikidata ids, aliases and metonyms per language.

One JSON object per line (see ``corpora/kb/README.md``)::

    {"id": "Q1190574", "type": "GOV", "name": "Government of Japan",
     "aliases": {"en": [...], "ru": [...], "ja": [...]}, "description": "...",
     "metonyms": {"en": ["Tokyo"], ...}, "context": {"en": ["sanctions", ...], ...}}

:func:`load_kb` validates every line and collects one-line errors (``file:line: reason``)
instead of stopping at the first; :meth:`KnowledgeBase.lookup` finds candidates for a
normalised name key (see :mod:`nlp.linking.keys`).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp.linking.keys import name_key

DEFAULT_KB = Path(__file__).resolve().parents[2] / "corpora" / "kb" / "entities.jsonl"
LANGS = ("en", "ru", "ja")
ENTITY_TYPES = ("PER", "ORG", "GOV", "GPE", "LOC", "MEDIA", "PROJECT", "EVENT")
_QID = re.compile(r"^Q[1-9]\d*$")

MatchKind = Literal["alias", "metonym"]


class KBError(ValueError):
    """A knowledge-base file that cannot be used at all (missing, or no valid line)."""


class Entity(BaseModel):
    """One knowledge-base entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Wikidata QID.")
    type: Literal["PER", "ORG", "GOV", "GPE", "LOC", "MEDIA", "PROJECT", "EVENT"]
    name: str = Field(min_length=1)
    aliases: dict[str, list[str]]
    description: str = ""
    metonyms: dict[str, list[str]] = Field(default_factory=dict)
    context: dict[str, list[str]] = Field(default_factory=dict)

    @property
    def is_capital(self) -> bool:
        """A capital city (its description says so): a seat of government that text may use for one."""
        return self.type == "GPE" and self.description.lower().startswith("capital")

    @field_validator("id")
    @classmethod
    def _qid(cls, value: str) -> str:
        if not _QID.match(value):
            raise ValueError(f"id {value!r} is not a Wikidata QID (Q followed by digits)")
        return value

    @field_validator("aliases", "metonyms", "context")
    @classmethod
    def _per_language(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for lang, names in value.items():
            if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
                raise ValueError(f"{lang}: expected a list of non-empty strings")
        return value


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    kind: MatchKind  # matched one of its aliases, or one of its metonyms


@dataclass
class KnowledgeBase:
    """Entities plus an index from normalised name keys to candidates, per language."""

    entities: dict[str, Entity]
    path: str | None = None
    errors: list[str] = field(default_factory=list)
    _index: dict[str, dict[str, list[Candidate]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, dict[str, list[Candidate]]] = {lang: defaultdict(list) for lang in LANGS}
        surfaces: dict[tuple[str, str], set[str]] = defaultdict(set)
        for entity in self.entities.values():
            for kind, table in (("alias", entity.aliases), ("metonym", entity.metonyms)):
                for lang, names in table.items():
                    # English and transliterated names are also written in Russian and Japanese
                    # text (e.g. "G7", "NATO"), so Latin-script aliases are indexed for every language.
                    targets = LANGS if lang == "en" else (lang,)
                    for tlang in targets:
                        if tlang not in index:
                            continue
                        for name in names:
                            key = name_key(name, tlang)
                            self._add(index, tlang, key, Candidate(entity, kind))  # type: ignore[arg-type]
                            surfaces[(tlang, key)].add(name)
            self._add(index, "en", name_key(entity.name, "en"), Candidate(entity, "alias"))
            surfaces[("en", name_key(entity.name, "en"))].add(entity.name)
        self._index = index
        # Keys written only as short capitals ("US", "EU", "ЕС") match only capitals, not "us".
        self._acronyms = {
            k for k, forms in surfaces.items()
            if all(len(f.replace(".", "")) <= 6 and f.replace(".", "").replace("-", "").isupper() for f in forms)
        }
        self._first_char: dict[str, dict[str, list[str]]] = {}
        # Names whose own form starts with a capital "The" ("The Moscow Times"): the article is part of the span.
        self._the_names = {k for k, forms in surfaces.items() if any(f.startswith("The ") for f in forms)}
        # Names the KB itself writes in lower case ("японское правительство", "администрация США"):
        # descriptive phrases that running text writes in lower case too.
        self._lowercase = {k for k, forms in surfaces.items() if any(f[:1].islower() for f in forms)}

    def has_the_name(self, key: str, lang: str) -> bool:
        return (lang, key) in self._the_names

    def is_lowercase_name(self, key: str, lang: str) -> bool:
        return (lang, key) in self._lowercase

    def is_acronym(self, key: str, lang: str) -> bool:
        return (lang, key) in self._acronyms

    def first_char_index(self, lang: str) -> dict[str, list[str]]:
        """Keys grouped by their first character, longest first (for matching unspaced scripts)."""
        if lang not in self._first_char:
            table: dict[str, list[str]] = defaultdict(list)
            for key in self._index.get(lang, {}):
                table[key[0]].append(key)
            for keys in table.values():
                keys.sort(key=len, reverse=True)
            self._first_char[lang] = dict(table)
        return self._first_char[lang]

    @staticmethod
    def _add(index: dict[str, dict[str, list[Candidate]]], lang: str, key: str, cand: Candidate) -> None:
        bucket = index[lang][key] if key else None
        if bucket is not None and not any(c.entity.id == cand.entity.id for c in bucket):
            bucket.append(cand)

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, qid: object) -> bool:
        return qid in self.entities

    def get(self, qid: str) -> Entity | None:
        return self.entities.get(qid)

    def lookup(self, key: str, lang: str) -> list[Candidate]:
        """Candidates whose alias or metonym has this normalised key in ``lang``."""
        return list(self._index.get(lang, {}).get(key, ()))

    def keys(self, lang: str) -> Iterable[str]:
        return self._index.get(lang, {}).keys()

    def stats(self) -> dict[str, Any]:
        """Counts for ``framing kb stats``."""
        types = Counter(e.type for e in self.entities.values())
        aliases = {lang: sum(len(e.aliases.get(lang, [])) for e in self.entities.values()) for lang in LANGS}
        ambiguous = {lang: sum(1 for cands in self._index[lang].values() if len({c.entity.id for c in cands}) > 1) for lang in LANGS}
        return {
            "entities": len(self.entities),
            "by_type": dict(sorted(types.items())),
            "aliases": aliases,
            "with_metonyms": sum(1 for e in self.entities.values() if any(e.metonyms.values())),
            "with_context": sum(1 for e in self.entities.values() if any(e.context.values())),
            "ambiguous_keys": ambiguous,
            "missing_language": {lang: sum(1 for e in self.entities.values() if not e.aliases.get(lang)) for lang in LANGS},
        }


def load_kb(path: str | Path | None = None, *, strict: bool = False) -> KnowledgeBase:
    """Read a KB JSONL file. Bad lines become ``file:line: reason`` entries in ``kb.errors``.

    With ``strict`` any bad line raises :class:`KBError`. A missing file, or a file with no
    valid entity, always raises.
    """
    p = Path(path) if path else DEFAULT_KB
    if not p.is_file():
        raise KBError(f"{p}: knowledge base not found")
    entities: dict[str, Entity] = {}
    errors: list[str] = []
    with p.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{p}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: not valid JSON ({exc.msg})")
                continue
            if not isinstance(record, dict):
                errors.append(f"{where}: expected a JSON object")
                continue
            try:
                entity = Entity.model_validate(record)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(x) for x in first["loc"]) or "line"
                errors.append(f"{where}: field {loc}: {first['msg']}")
                continue
            if entity.id in entities:
                errors.append(f"{where}: duplicate id {entity.id} ({entity.name})")
                continue
            entities[entity.id] = entity
    if strict and errors:
        raise KBError(errors[0])
    if not entities:
        raise KBError(f"{p}: no valid entity" + (f" ({errors[0]})" if errors else ""))
    return KnowledgeBase(entities=entities, path=str(p), errors=errors)


def validate_kb(path: str | Path | None = None) -> tuple[KnowledgeBase | None, list[str], list[str]]:
    """Full check for ``framing kb validate``: (kb, errors, warnings).

    Errors: unparsable lines, schema violations, duplicate ids, an alias listed twice in one
    entity, a metonym with several owners. Warnings: aliases shared by several entities (fine
    when the name is genuinely ambiguous, a mistake otherwise) and entities lacking a language.
    """
    try:
        kb = load_kb(path)
    except KBError as exc:
        return None, [str(exc)], []
    errors = list(kb.errors)
    warnings: list[str] = []
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in kb.entities.values():
        for lang in LANGS:
            # Spelling variants that normalise alike ("U.S." and "US") are fine; the same string twice is a slip.
            for alias, n in Counter(e.aliases.get(lang, [])).items():
                if n > 1:
                    errors.append(f"{kb.path}: {e.id} ({e.name}): alias {alias!r} listed {n} times in {lang}")
            for m in e.metonyms.get(lang, []):
                owners[(lang, name_key(m, lang))].append(e.id)
            if not e.aliases.get(lang):
                warnings.append(f"{e.id} ({e.name}): no {lang} alias")
    for (lang, key), ids in owners.items():
        if len(set(ids)) > 1:
            errors.append(f"{kb.path}: metonym {key!r} ({lang}) has several owners: {', '.join(sorted(set(ids)))}")
    for lang in LANGS:
        for key in kb.keys(lang):
            ids = sorted({c.entity.id for c in kb.lookup(key, lang) if c.kind == "alias"})
            if len(ids) > 1:
                warnings.append(f"ambiguous {lang} alias {key!r}: {', '.join(ids)}")
    return kb, errors, warnings

"""Typed data contracts: input documents and the annotation output (see DESIGN.md).

Every model forbids unknown fields except :class:`Document`, whose extra metadata goes to
``meta`` and is carried through untouched. ``json_schema(name)`` exports a JSON Schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# Stance ids come from the taxonomy in use (the bundled one has endorse, contest, neutral);
# they are checked against it where labels enter (training data, requests), not here.
Stance = str
AuthorStance = str  # a stance id, or "mixed"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Strict):
    """A half-open character span ``[start, end)`` into the document's ``text``."""

    start: int = Field(ge=0, description="Start offset (inclusive) into the document text.")
    end: int = Field(ge=0, description="End offset (exclusive) into the document text.")


class Segment(Span):
    """A sentence-like unit found by the segmenter."""

    kind: Literal["sentence", "heading", "list_item", "quote"] = Field(
        "sentence", description="What the unit looks like on the page."
    )


class Document(BaseModel):
    """An input document, as the corpus loader yields it.

    Only ``id`` and ``text`` are required. Unknown fields given to the constructor are
    moved into ``meta`` so that metadata survives a round trip untouched.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Document id: the file name, or the id column of a table.")
    text: str = Field(description="Cleaned text. Every offset in the toolkit indexes this string.")
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = Field(None, description="Publication date as given (ISO 8601 preferred).")
    author: str | None = None
    lang: str | None = Field(None, description="ISO 639-1 code; detected when absent.")
    meta: dict[str, Any] = Field(default_factory=dict, description="Any other metadata, carried through untouched.")
    # Filled by the loader.
    source: str | None = Field(None, description="Where the document came from: a path, or path:line for tables.")
    lang_score: float | None = Field(None, description="Confidence of the language identifier, when it ran.")
    sentences: list[Segment] = Field(default_factory=list, description="Sentence units with offsets.")
    duplicate_of: str | None = Field(None, description="Id of an earlier document with the same text.")
    near_duplicate_of: str | None = Field(None, description="Id of an earlier, nearly identical document.")
    similarity: float | None = Field(None, description="Estimated Jaccard similarity to near_duplicate_of.")
    removed: dict[str, int] = Field(default_factory=dict, description="Cleaning steps applied: lines removed per step.")


    @classmethod
    def from_record(cls, record: dict[str, Any], **extra: Any) -> "Document":
        """Build a document from a flat record, moving unknown keys into ``meta``."""
        known = set(cls.model_fields)
        fields = {k: v for k, v in record.items() if k in known and k != "meta"}
        meta = dict(record.get("meta") or {})
        meta.update({k: v for k, v in record.items() if k not in known})
        return cls(**fields, meta=meta, **extra)

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]


class FramePrediction(_Strict):
    """One frame on one sentence."""

    frame: str = Field(description="Frame id from the taxonomy.")
    stance: Stance
    score: float = Field(ge=0.0, le=1.0, description="Model confidence that the frame is present.")
    source: str = Field("author", description='"author", or the speaker the sentence attributes the claim to.')
    source_kb_id: str | None = Field(None, description="Knowledge-base id of the source, when linked.")


class SentenceAnnotation(Span):
    text: str
    frames: list[FramePrediction] = Field(default_factory=list)


class EntityMention(Span):
    text: str
    label: str = Field(description="Entity type, e.g. PER, ORG, GOV, GPE, LOC.")
    kb_id: str | None = Field(None, description="Wikidata QID, or null for an unlinked (NIL) mention.")
    name: str | None = Field(None, description="Canonical name of the linked entity.")
    score: float = Field(0.0, ge=0.0, le=1.0)


class Quote(_Strict):
    speaker: Span | None = Field(None, description="The speaker's span in the text, when one is named.")
    speaker_text: str | None = None
    speaker_kb_id: str | None = None
    content: Span


class FrameSummary(_Strict):
    share: float = Field(ge=0.0, le=1.0, description="Fraction of the document's framed sentences with this frame.")
    sentences: int = Field(ge=0)
    author_stance: AuthorStance | None = Field(None, description="Absent when the author never voices the frame.")
    endorsed_by: list[str] = Field(default_factory=list)
    contested_by: list[str] = Field(default_factory=list)


class Versions(_Strict):
    model: str | None = None
    model_version: str | None = None
    taxonomy: str | None = None
    taxonomy_version: str | None = None
    toolkit: str | None = None


class AnnotatedDocument(BaseModel):
    """The annotation output: one JSON object per document (DESIGN.md)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    lang: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    sentences: list[SentenceAnnotation] = Field(default_factory=list)
    entities: list[EntityMention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    frames: dict[str, FrameSummary] = Field(default_factory=dict, description="Per-frame document summary.")
    dominant_frames: list[str] = Field(default_factory=list)
    versions: Versions = Field(default_factory=Versions)


SCHEMAS: dict[str, type[BaseModel]] = {"document": Document, "annotation": AnnotatedDocument}


def json_schema(name: str) -> dict[str, Any]:
    """Return the JSON Schema of a contract: ``"document"`` or ``"annotation"``."""
    try:
        model = SCHEMAS[name]
    except KeyError:
        raise ValueError(f"unknown schema {name!r}; choose one of: {', '.join(SCHEMAS)}") from None
    return model.model_json_schema()

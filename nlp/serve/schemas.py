"""Request and response models of the API (documented in its OpenAPI schema)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from nlp.schema import EntityMention, FramePrediction

Scalar = str | int | float | bool | None


class ClassifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    texts: list[str] = Field(min_length=1, description="Sentences or short passages to classify.")
    lang: str | None = Field(None, min_length=2, max_length=8, description="Language of all texts (detected per text when absent).")


class ClassifiedText(BaseModel):
    text: str
    lang: str
    frames: list[FramePrediction]


class ClassifyResponse(BaseModel):
    results: list[ClassifiedText]
    model: str
    taxonomy: str


class ModelInfo(BaseModel):
    name: str
    version: str
    base_model: str
    taxonomy: str
    frames: list[str]
    stances: list[str]
    metrics: dict = Field(default_factory=dict)


class Problem(BaseModel):
    detail: str


class DocumentIn(BaseModel):
    """A document to annotate. Offsets in the answer index ``text`` exactly as sent."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field("document", min_length=1, max_length=200)
    text: str = Field(min_length=1, description="The document text (not cleaned by the server).")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    date: str | None = Field(None, max_length=40)
    author: str | None = Field(None, max_length=200)
    lang: str | None = Field(None, min_length=2, max_length=8, description="Detected when absent.")
    meta: dict[str, Scalar] = Field(default_factory=dict, max_length=50, description="Flat metadata, carried through.")


class AnnotateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: DocumentIn


class LinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    texts: list[str] = Field(min_length=1, description="Texts whose entities to detect and link.")
    lang: str | None = Field(None, min_length=2, max_length=8, description="Language of all texts (detected per text when absent).")


class LinkedText(BaseModel):
    text: str
    lang: str
    entities: list[EntityMention]


class LinkResponse(BaseModel):
    results: list[LinkedText]
    kb: str = Field(description="Knowledge base file name and entity count.")

"""Request and response models of the API (documented in its OpenAPI schema)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from nlp.schema import FramePrediction


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

"""Server settings in one validated object; `framing serve` fills it from its options."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ServeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str | None = Field(None, description="Model folder loaded at start-up (default: the bundled model). Clients can never choose it.")
    api_key: str | None = Field(None, description="When set, every endpoint but /healthz and /readyz needs header X-API-Key.")
    max_texts: int = Field(64, gt=0, description="Texts per /v1/classify request.")
    max_chars: int = Field(5_000, gt=0, description="Characters per text.")
    max_body_bytes: int = Field(1_000_000, gt=0, description="Request body size limit.")
    threads: int | None = Field(None, description="CPU threads for the model.")
    batch_window_ms: float = Field(5.0, ge=0, le=1000, description="How long the batcher waits for more requests before calling the model.")
    max_batch: int = Field(64, gt=0, description="Texts per model call at most.")
    max_doc_chars: int = Field(100_000, gt=0, description="Characters per /v1/annotate document.")
    link: bool = Field(True, description="Load the entity linker (needed by /v1/link and for entities in /v1/annotate).")

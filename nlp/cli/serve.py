"""``framing serve``: the HTTP API with uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from nlp.cli._console import err


def serve(
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model folder loaded at start-up (default: the bundled model).")] = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind; loopback by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    api_key_env: Annotated[str | None, typer.Option("--api-key-env", help="Name of an environment variable holding the API key clients must send as X-API-Key.")] = None,
    max_texts: Annotated[int, typer.Option("--max-texts", help="Texts per request.")] = 64,
    max_chars: Annotated[int, typer.Option("--max-chars", help="Characters per text.")] = 5_000,
    batch_window_ms: Annotated[float, typer.Option("--batch-window-ms", help="How long to wait for concurrent requests to share a model call.")] = 5.0,
    max_batch: Annotated[int, typer.Option("--max-batch", help="Texts per model call at most (1 turns micro-batching off).")] = 64,
    max_doc_chars: Annotated[int, typer.Option("--max-doc-chars", help="Characters per /v1/annotate document.")] = 100_000,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Load the entity linker (for /v1/link and entities in /v1/annotate).")] = True,
) -> None:
    """Serve /v1/classify, /v1/annotate, /v1/link, /v1/model, /v1/taxonomy, /healthz, /readyz and /metrics (OpenAPI docs at /docs)."""
    import uvicorn

    from nlp.frames.classifier import ModelLoadError, resolve_model_dir
    from nlp.serve.app import create_app
    from nlp.serve.settings import ServeSettings

    try:
        resolve_model_dir(model)  # a wrong folder is a usage error, not a failed start-up
    except ModelLoadError as exc:
        err.print(f"error: --model: {exc}", markup=False)
        raise typer.Exit(2) from None

    api_key = None
    if api_key_env:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            err.print(f"error: --api-key-env: environment variable {api_key_env} is not set or empty", markup=False)
            raise typer.Exit(2)
    settings = ServeSettings(model=model, api_key=api_key, max_texts=max_texts, max_chars=max_chars,
                             batch_window_ms=batch_window_ms, max_batch=max_batch, max_doc_chars=max_doc_chars, link=link)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", timeout_graceful_shutdown=30)

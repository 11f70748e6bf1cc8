"""The FastAPI application. The model is loaded once in the lifespan, never at import.

    from nlp.serve.app import create_app
    app = create_app(ServeSettings(model="default"))
"""

from __future__ import annotations

import asyncio
import hmac
import time
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse

from nlp import __version__
from nlp.serve.metrics import Metrics
from nlp.serve.schemas import ClassifiedText, ClassifyRequest, ClassifyResponse, ModelInfo, Problem
from nlp.serve.settings import ServeSettings

ERRORS = {401: {"model": Problem}, 413: {"model": Problem}, 422: {"model": Problem}}


def create_app(settings: ServeSettings) -> FastAPI:
    state: dict[str, Any] = {}
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        from nlp.frames.classifier import FrameClassifier

        from nlp.serve.batching import MicroBatcher

        clf = await asyncio.to_thread(FrameClassifier.load, settings.model, settings.threads)
        # concurrent requests are grouped into one model call; one call at a time uses every core
        batcher = MicroBatcher(clf.predict_many, window=settings.batch_window_ms / 1000, max_batch=settings.max_batch,
                               on_batch=metrics.batch_sizes.observe)
        batcher.start()
        state["classifier"], state["batcher"] = clf, batcher
        yield
        await batcher.stop()
        state.clear()

    app = FastAPI(title="framing", version=__version__, lifespan=lifespan,
                  description="Frames, stance and attribution for news text.")

    @app.middleware("http")
    async def limit_and_measure(request: Request, call_next):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > settings.max_body_bytes):
            response = JSONResponse({"detail": f"request body over {settings.max_body_bytes} bytes"}, status_code=413)
        else:
            response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")  # route templates only: no unbounded label values
        metrics.record_request(request.method, path, response.status_code, time.perf_counter() - start)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        return JSONResponse({"detail": f"{where}: {first.get('msg')}"}, status_code=422)

    def require_key(request: Request) -> None:
        if settings.api_key is None:
            return
        given = request.headers.get("x-api-key", "")
        if not hmac.compare_digest(given.encode(), settings.api_key.encode()):
            raise HTTPException(status_code=401, detail="missing or wrong X-API-Key")

    def classifier() -> Any:
        clf = state.get("classifier")
        if clf is None:
            raise HTTPException(status_code=503, detail="model not loaded yet")
        return clf

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """Alive."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"])
    async def readyz() -> JSONResponse:
        """Ready when the model is loaded."""
        ready = "classifier" in state
        return JSONResponse({"status": "ready" if ready else "loading"}, status_code=200 if ready else 503)

    @app.get("/metrics", response_class=PlainTextResponse, responses=ERRORS, dependencies=[Depends(require_key)], tags=["monitoring"])
    async def prometheus() -> str:
        """Prometheus text format: requests, latency histogram, model batch sizes, errors."""
        return metrics.render()

    @app.get("/v1/model", response_model=ModelInfo, responses=ERRORS, dependencies=[Depends(require_key)], tags=["v1"])
    async def model_info() -> ModelInfo:
        clf = classifier()
        meta = clf.meta
        return ModelInfo(name=meta.name, version=meta.version, base_model=meta.base_model, taxonomy=clf.taxonomy.name,
                         frames=meta.frame_ids, stances=meta.stance_ids, metrics=meta.metrics)

    @app.get("/v1/taxonomy", responses=ERRORS, dependencies=[Depends(require_key)], tags=["v1"])
    async def taxonomy() -> dict[str, Any]:
        """The taxonomy the loaded model was trained on."""
        return classifier().taxonomy.model_dump()

    @app.post("/v1/classify", response_model=ClassifyResponse, responses=ERRORS, dependencies=[Depends(require_key)], tags=["v1"])
    async def classify(request: ClassifyRequest) -> ClassifyResponse:
        """Frames, stance per frame, score and source for each text."""
        from nlp.langid import detect_language

        if len(request.texts) > settings.max_texts:
            raise HTTPException(status_code=413, detail=f"texts: {len(request.texts)} texts, the limit is {settings.max_texts}")
        for i, text in enumerate(request.texts):
            if not text.strip():
                raise HTTPException(status_code=422, detail=f"texts.{i}: empty text")
            if len(text) > settings.max_chars:
                raise HTTPException(status_code=413, detail=f"texts.{i}: {len(text)} characters, the limit is {settings.max_chars}")
        clf = classifier()
        langs = [request.lang or detect_language(t).lang for t in request.texts]
        preds = await state["batcher"].submit(request.texts, langs)
        return ClassifyResponse(
            results=[ClassifiedText(text=t, lang=l, frames=p) for t, l, p in zip(request.texts, langs, preds)],
            model=f"{clf.meta.name}@{clf.meta.version}",
            taxonomy=clf.taxonomy.name,
        )

    return app

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
from nlp.schema import AnnotatedDocument, EntityMention
from nlp.serve.metrics import Metrics
from nlp.serve.schemas import (
    AnnotateRequest,
    ClassifiedText,
    ClassifyRequest,
    ClassifyResponse,
    LinkedText,
    LinkRequest,
    LinkResponse,
    ModelInfo,
    Problem,
)
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
        linker = None
        if settings.link:
            linker = await asyncio.to_thread(_load_linker)
        from nlp.pipeline import Annotator

        state["annotator"] = Annotator(clf, linker)
        state["annotate_lock"] = asyncio.Lock()  # spaCy pipelines: one annotate/link call at a time
        state["linker"] = linker
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

    def check_texts(texts: list[str]) -> None:
        if len(texts) > settings.max_texts:
            raise HTTPException(status_code=413, detail=f"texts: {len(texts)} texts, the limit is {settings.max_texts}")
        for i, text in enumerate(texts):
            if not text.strip():
                raise HTTPException(status_code=422, detail=f"texts.{i}: empty text")
            if len(text) > settings.max_chars:
                raise HTTPException(status_code=413, detail=f"texts.{i}: {len(text)} characters, the limit is {settings.max_chars}")

    @app.post("/v1/classify", response_model=ClassifyResponse, responses=ERRORS, dependencies=[Depends(require_key)], tags=["v1"])
    async def classify(request: ClassifyRequest) -> ClassifyResponse:
        """Frames, stance per frame, score and source for each text."""
        from nlp.langid import detect_language

        check_texts(request.texts)
        clf = classifier()
        langs = [request.lang or detect_language(t).lang for t in request.texts]
        preds = await state["batcher"].submit(request.texts, langs)
        return ClassifyResponse(
            results=[ClassifiedText(text=t, lang=l, frames=p) for t, l, p in zip(request.texts, langs, preds)],
            model=f"{clf.meta.name}@{clf.meta.version}",
            taxonomy=clf.taxonomy.name,
        )

    def linker() -> Any:
        classifier()  # 503 while loading
        if state.get("linker") is None:
            raise HTTPException(status_code=503, detail="entity linking is off on this server (started with --no-link)")
        return state["linker"]

    @app.post("/v1/annotate", response_model=AnnotatedDocument, responses=ERRORS, dependencies=[Depends(require_key)], tags=["v1"])
    async def annotate(request: AnnotateRequest) -> AnnotatedDocument:
        """The full annotation of one document: sentences with frames, stance and source, entities, quotes, per-frame summary."""
        from nlp.langid import detect_language
        from nlp.schema import Document
        from nlp.segment import segment

        d = request.document
        if not d.text.strip():
            raise HTTPException(status_code=422, detail="document.text: empty text")
        if len(d.text) > settings.max_doc_chars:
            raise HTTPException(status_code=413, detail=f"document.text: {len(d.text)} characters, the limit is {settings.max_doc_chars}")
        classifier()
        lang = d.lang or detect_language(d.text).lang or "und"
        doc = Document(id=d.id, text=d.text, title=d.title, outlet=d.outlet, url=d.url, date=d.date, author=d.author,
                       lang=lang, meta=dict(d.meta), sentences=segment(d.text, lang))
        async with state["annotate_lock"]:
            return await asyncio.to_thread(state["annotator"].annotate, doc)

    @app.post("/v1/link", response_model=LinkResponse, responses=ERRORS, dependencies=[Depends(require_key)], tags=["v1"])
    async def link(request: LinkRequest) -> LinkResponse:
        """People, organisations, governments and places each text names, with Wikidata ids (null for NIL)."""
        from nlp.langid import detect_language

        check_texts(request.texts)
        lk = linker()
        langs = [request.lang or detect_language(t).lang or "und" for t in request.texts]

        def run() -> list[LinkedText]:
            out = []
            for text, lang in zip(request.texts, langs):
                ents = [EntityMention(start=m.start, end=m.end, text=m.text, label=m.label, kb_id=m.kb_id, name=m.name, score=m.score)
                        for m in lk.link(text, lang)]
                out.append(LinkedText(text=text, lang=lang, entities=ents))
            return out

        async with state["annotate_lock"]:
            results = await asyncio.to_thread(run)
        return LinkResponse(results=results, kb=f"{lk.kb.path.rsplit('/', 1)[-1]} ({len(lk.kb)} entities)")

    return app


def _load_linker() -> Any:
    """The KB and the en/ru/ja pipelines, built at start-up so the first request is not slow."""
    from nlp.linking import Linker, load_kb

    linker = Linker(load_kb())
    for lang in ("en", "ru", "ja"):
        linker.pipeline(lang)
    return linker

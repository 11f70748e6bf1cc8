"""Evaluation of taggers on labelled sentences, always beside the baselines on the same data.

A *tagger* is anything with ``name`` and ``predict(text, lang)`` returning objects with
``frame``, ``stance`` and ``source``. :func:`evaluate_taggers` scores each on the same
sentences in the same run and returns plain data (JSON-ready).
"""

from __future__ import annotations

import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from corpora.labelled import LabelledSentence, load_labelled
from nlp import __version__
from nlp.baselines.keywords import KeywordBaseline
from nlp.metrics import evaluate
from nlp.taxonomy import Taxonomy


class Tagger(Protocol):
    name: str

    def predict(self, text: str, lang: str | None) -> Sequence[Any]: ...


def evaluate_taggers(taggers: Sequence[Tagger], sentences: Sequence[LabelledSentence], taxonomy: Taxonomy) -> dict[str, Any]:
    """Score every tagger on ``sentences``; returns ``{tagger name: metrics}``."""
    gold = [{f.frame: (f.stance, f.source) for f in s.frames} for s in sentences]
    langs = [s.lang for s in sentences]
    results: dict[str, Any] = {}
    for tagger in taggers:
        start = time.perf_counter()
        pred = [{h.frame: (h.stance, h.source) for h in tagger.predict(s.text, s.lang)} for s in sentences]
        elapsed = time.perf_counter() - start
        scores = evaluate(gold, pred, taxonomy.frame_ids, taxonomy.stance_ids, langs)
        scores["sentences_per_second"] = round(len(sentences) / elapsed, 1) if elapsed else None
        results[tagger.name] = scores
    return results


def evaluate_file(data: str | Path, taxonomy: Taxonomy, split: str | None = "test", taggers: Sequence[Tagger] = ()) -> dict[str, Any]:
    """Evaluate ``taggers`` and the keyword baseline on a labelled file (one split of it)."""
    sentences, issues = load_labelled(data, taxonomy, split)
    if not sentences:
        raise ValueError(f"{data}: no labelled sentences" + (f" in split {split!r}" if split else "") + (f" ({len(issues)} bad lines)" if issues else ""))
    systems = [*taggers, KeywordBaseline(taxonomy)]
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

"""Linking evaluation: precision, recall and F1 of (span, QID), metonym and NIL accuracy, speed.

Two gold formats are read:

- sentences (``corpora/linking/gold.jsonl``): ``{"id", "lang", "text", "mentions": [{"start", "end",
  "text", "qid", "metonym", "tags"}]}``; offsets index ``text``; ``qid`` null means NIL.
- documents (``../shared/gold/seeds.entities.jsonl``): ``{"doc", "unit", "mentions": [...]}`` with offsets
  into the raw file ``DOCS/doc``; ``qid`` null with a ``name`` means "not verified" (ignored), with no
  ``name`` it means NIL.

A predicted link counts as correct when its span and QID both equal a gold mention's.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.linking.linker import Mention

LinkFn = Callable[[str, str], list[Mention]]


class GoldError(ValueError):
    pass


@dataclass
class GoldText:
    id: str
    lang: str
    text: str
    mentions: list[dict[str, Any]] = field(default_factory=list)
    document: bool = False  # document-format gold (see the module notes)


def read_gold(path: str | Path, docs: str | Path | None = None, lang: str | None = None) -> tuple[list[GoldText], list[str]]:
    """Read either gold format into texts with mentions; bad lines become ``file:line: reason`` errors."""
    p = Path(path)
    errors: list[str] = []
    by_doc: dict[str, GoldText] = {}
    items: list[GoldText] = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                mentions = row["mentions"]
                if not isinstance(mentions, list):
                    raise KeyError("mentions")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                errors.append(f"{p}:{n}: expected a JSON object with a 'mentions' list ({exc})")
                continue
            if "text" in row:
                items.append(GoldText(str(row.get("id", n)), row.get("lang") or lang or "en", row["text"], mentions))
                continue
            if docs is None:
                raise GoldError(f"{p}: document-format gold (doc/unit) needs --docs, the folder with the documents")
            doc = str(row.get("doc"))
            if doc not in by_doc:
                f = Path(docs) / doc
                try:
                    text = f.read_text(encoding="utf-8")
                except OSError as exc:
                    errors.append(f"{p}:{n}: cannot read document {f}: {exc.strerror}")
                    continue
                by_doc[doc] = GoldText(doc, lang or _detect(text), text, [], document=True)
                items.append(by_doc[doc])
            by_doc[doc].mentions.extend(mentions)
    for g in items:
        for m in g.mentions:
            if g.text[m["start"] : m["end"]] != m.get("text", g.text[m["start"] : m["end"]]):
                errors.append(f"{p}: {g.id}: mention {m.get('text')!r} does not match the text at {m['start']}-{m['end']}")
    return items, errors


def _detect(text: str) -> str:
    from nlp.langid import detect_language

    return detect_language(text).lang or "en"


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def evaluate_linking(gold: Iterable[GoldText], link: LinkFn) -> dict[str, Any]:
    """Run ``link(text, lang)`` over the gold texts and score it."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # scope -> tp, predicted, gold
    metonym = [0, 0]
    nil = [0, 0, 0]  # not linked, detected as NIL, total
    tags: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[dict[str, Any]] = []
    n_texts = 0
    chars = 0
    seconds = 0.0
    for g in gold:
        t0 = time.perf_counter()
        pred = link(g.text, g.lang)
        seconds += time.perf_counter() - t0
        n_texts += 1
        chars += len(g.text)
        gold_links = {(m["start"], m["end"]): m["qid"] for m in g.mentions if m.get("qid")}
        # Sentence format: qid null is NIL. Document format: null with a name is "not verified"
        # (predictions there are ignored), null without a name is NIL.
        if g.document:
            unverified = {(m["start"], m["end"]) for m in g.mentions if not m.get("qid") and m.get("name")}
            nil_spans = {(m["start"], m["end"]) for m in g.mentions if not m.get("qid") and not m.get("name")}
        else:
            unverified = set()
            nil_spans = {(m["start"], m["end"]) for m in g.mentions if not m.get("qid")}
        pred_links = {(p.start, p.end): p.kb_id for p in pred if p.kb_id and (p.start, p.end) not in unverified}
        tp = sum(1 for span, qid in pred_links.items() if gold_links.get(span) == qid)
        for scope in ("all", g.lang):
            c = counts[scope]
            c[0] += tp
            c[1] += len(pred_links)
            c[2] += len(gold_links)
        for m in g.mentions:
            span = (m["start"], m["end"])
            got = pred_links.get(span)
            if m.get("qid"):
                ok = got == m["qid"]
                if m.get("metonym"):
                    metonym[0] += ok
                    metonym[1] += 1
                for tag in m.get("tags") or []:
                    tags[tag][0] += ok
                    tags[tag][1] += 1
                if not ok and len(errors) < 200:
                    errors.append({"id": g.id, "text": m.get("text"), "gold": m["qid"], "pred": got, "kind": "missed"})
            elif span in nil_spans:
                linked = any(p.kb_id and p.start < span[1] and span[0] < p.end for p in pred)
                detected = any(not p.kb_id and (p.start, p.end) == span for p in pred)
                nil[0] += not linked
                nil[1] += detected
                nil[2] += 1
                for tag in m.get("tags") or []:
                    tags[tag][0] += not linked
                    tags[tag][1] += 1
                if linked and len(errors) < 200:
                    errors.append({"id": g.id, "text": m.get("text"), "gold": None, "pred": "linked", "kind": "nil linked"})
        for span, qid in pred_links.items():
            if span not in gold_links and span not in nil_spans and len(errors) < 200:
                errors.append({"id": g.id, "text": g.text[span[0] : span[1]], "gold": None, "pred": qid, "kind": "spurious"})
    result = {
        "texts": n_texts,
        "overall": _prf(*counts["all"]),
        "by_language": {lang: _prf(*c) for lang, c in sorted(counts.items()) if lang != "all"},
        "metonym_accuracy": round(metonym[0] / metonym[1], 4) if metonym[1] else None,
        "metonyms": metonym[1],
        "nil_accuracy": round(nil[0] / nil[2], 4) if nil[2] else None,
        "nil_detected": round(nil[1] / nil[2], 4) if nil[2] else None,
        "nils": nil[2],
        "by_tag": {t: {"accuracy": round(a / n, 4), "mentions": n} for t, (a, n) in sorted(tags.items())},
        "texts_per_second": round(n_texts / seconds, 2) if seconds else None,
        "chars_per_second": round(chars / seconds, 1) if seconds else None,
        "errors": errors,
    }
    return result

"""Sentence-level metrics for frames, stance and attribution.

Frames are scored as multi-label classification (per-frame precision, recall and F1, micro
and macro averages). Stance and attribution are scored on the frames a system found
correctly, so they measure the stance decision itself, not frame detection twice.
Attribution is the binary question FRAMES.md asks first: the author's own voice, or a source.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

AUTHOR = "author"
Labels = Mapping[str, tuple[str, str]]  # frame -> (stance, source)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate(
    gold: Sequence[Labels],
    pred: Sequence[Labels],
    frame_ids: Sequence[str],
    stance_ids: Sequence[str],
    langs: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Score predictions against gold labels, overall and per language.

    Args:
        gold, pred: one mapping per sentence, ``{frame: (stance, source)}``.
        frame_ids, stance_ids: the taxonomy's ids (macro averages run over frames that occur
            in gold or predictions).
        langs: the language of each sentence, for the per-language breakdown.

    >>> g = [{"a": ("endorse", "author")}, {}]
    >>> p = [{"a": ("contest", "author")}, {"a": ("endorse", "author")}]
    >>> r = evaluate(g, p, ["a"], ["endorse", "contest"])
    >>> r["frames"]["a"]["f1"], r["stance"]["accuracy"]
    (0.6667, 0.0)
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predictions")
    result = _score(gold, pred, frame_ids, stance_ids)
    if langs is not None:
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, lang in enumerate(langs):
            by_lang[lang].append(i)
        result["by_lang"] = {
            lang: _summary(_score([gold[i] for i in idx], [pred[i] for i in idx], frame_ids, stance_ids))
            for lang, idx in sorted(by_lang.items())
        }
    return result


def _summary(scores: dict[str, Any]) -> dict[str, Any]:
    keys = ("n_sentences", "micro_f1", "macro_f1")
    out = {k: scores[k] for k in keys}
    out["stance_accuracy"] = scores["stance"]["accuracy"]
    out["stance_macro_f1"] = scores["stance"]["macro_f1"]
    out["attribution_accuracy"] = scores["attribution"]["accuracy"]
    return out


def _score(gold: Sequence[Labels], pred: Sequence[Labels], frame_ids: Sequence[str], stance_ids: Sequence[str]) -> dict[str, Any]:
    counts = {f: Counter() for f in frame_ids}
    stance_pairs: list[tuple[str, str]] = []
    source_pairs: list[tuple[bool, bool]] = []
    speaker_pairs: list[tuple[str, str]] = []
    for g, p in zip(gold, pred):
        for f in frame_ids:
            in_g, in_p = f in g, f in p
            if in_g and in_p:
                counts[f]["tp"] += 1
                stance_pairs.append((g[f][0], p[f][0]))
                source_pairs.append((g[f][1] == AUTHOR, p[f][1] == AUTHOR))
                if g[f][1] != AUTHOR and p[f][1] != AUTHOR:
                    speaker_pairs.append((g[f][1], p[f][1]))
            elif in_p:
                counts[f]["fp"] += 1
            elif in_g:
                counts[f]["fn"] += 1
    frames = {}
    for f in frame_ids:
        c = counts[f]
        frames[f] = {**prf(c["tp"], c["fp"], c["fn"]), "support": c["tp"] + c["fn"], "predicted": c["tp"] + c["fp"]}
    active = [f for f in frame_ids if frames[f]["support"] or frames[f]["predicted"]]
    total = Counter()
    for f in frame_ids:
        total.update(counts[f])
    micro = prf(total["tp"], total["fp"], total["fn"])
    return {
        "n_sentences": len(gold),
        "frames": frames,
        "micro_precision": micro["precision"],
        "micro_recall": micro["recall"],
        "micro_f1": micro["f1"],
        "macro_f1": round(sum(frames[f]["f1"] for f in active) / len(active), 4) if active else 0.0,
        "stance": _stance_scores(stance_pairs, stance_ids),
        "attribution": {
            "n": len(source_pairs),
            "accuracy": round(sum(a == b for a, b in source_pairs) / len(source_pairs), 4) if source_pairs else 0.0,
            # Both say "a source": does the predicted speaker name the gold one (a shared name word)?
            "speaker_n": len(speaker_pairs),
            "speaker_accuracy": round(sum(same_speaker(a, b) for a, b in speaker_pairs) / len(speaker_pairs), 4) if speaker_pairs else None,
        },
    }


_FILLER = {"the", "a", "an", "of", "in", "and", "said", "says", "mr", "ms", "expert", "experts", "media", "officials", "official"}


def same_speaker(gold: str, pred: str) -> bool:
    """Loose speaker match: one speaker string contains the other, or they share a name word.

    >>> same_speaker("Kremlin spokesman Dmitry Peskov", "Peskov"), same_speaker("Russian media", "Meduza")
    (True, False)
    """
    g, p = gold.lower().strip(), pred.lower().strip()
    if not g or not p:
        return False
    if g in p or p in g:
        return True
    words = lambda t: {w for w in t.replace(",", " ").split() if w not in _FILLER and len(w) > 2}  # noqa: E731
    return bool(words(g) & words(p))


def _stance_scores(pairs: list[tuple[str, str]], stance_ids: Sequence[str]) -> dict[str, Any]:
    per = {}
    for s in stance_ids:
        tp = sum(1 for g, p in pairs if g == s and p == s)
        fp = sum(1 for g, p in pairs if g != s and p == s)
        fn = sum(1 for g, p in pairs if g == s and p != s)
        per[s] = {**prf(tp, fp, fn), "support": tp + fn}
    present = [s for s in stance_ids if per[s]["support"]]
    return {
        "n": len(pairs),
        "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(sum(per[s]["f1"] for s in present) / len(present), 4) if present else 0.0,
        "per_stance": per,
    }


def agreement(first: Sequence[Labels], second: Sequence[Labels], frame_ids: Sequence[str]) -> dict[str, Any]:
    """How far two annotations of the same sentences agree (inter-coder reliability).

    Per frame: positive agreement (F1 with either coder as reference: it is symmetric) and
    Cohen's kappa over all sentences. On the frames both coders marked: how often the stance
    agrees (and its kappa) and whether both call the claim the author's or a source's.

    >>> a = [{"x": ("endorse", "author")}, {}, {"x": ("contest", "author")}, {}]
    >>> b = [{"x": ("endorse", "author")}, {}, {"x": ("endorse", "author")}, {"x": ("neutral", "author")}]
    >>> r = agreement(a, b, ["x"])
    >>> r["frames"]["x"]["f1"], r["frames"]["x"]["kappa"], r["stance"]["agreement"]
    (0.8, 0.5, 0.5)
    """
    if len(first) != len(second):
        raise ValueError(f"{len(first)} sentences in the first annotation but {len(second)} in the second")
    n = len(first)
    frames: dict[str, Any] = {}
    stance_pairs: list[tuple[str, str]] = []
    source_pairs: list[tuple[bool, bool]] = []
    for f in frame_ids:
        both = only_first = only_second = 0
        for a, b in zip(first, second):
            if f in a and f in b:
                both += 1
                stance_pairs.append((a[f][0], b[f][0]))
                source_pairs.append((a[f][1] == AUTHOR, b[f][1] == AUTHOR))
            elif f in a:
                only_first += 1
            elif f in b:
                only_second += 1
        marked_first, marked_second = both + only_first, both + only_second
        frames[f] = {
            "first": marked_first,
            "second": marked_second,
            "both": both,
            "f1": prf(both, only_second, only_first)["f1"],
            "kappa": _kappa(_binary_pairs(n, both, only_first, only_second)),
        }
    active = [f for f in frame_ids if frames[f]["first"] or frames[f]["second"]]
    kappas = [frames[f]["kappa"] for f in active if frames[f]["kappa"] is not None]
    return {
        "n_sentences": n,
        "frames": frames,
        "macro_f1": round(sum(frames[f]["f1"] for f in active) / len(active), 4) if active else 0.0,
        "mean_kappa": round(sum(kappas) / len(kappas), 4) if kappas else None,
        "stance": {
            "n": len(stance_pairs),
            "agreement": round(sum(a == b for a, b in stance_pairs) / len(stance_pairs), 4) if stance_pairs else None,
            "kappa": _kappa(stance_pairs),
        },
        "attribution": {
            "n": len(source_pairs),
            "agreement": round(sum(a == b for a, b in source_pairs) / len(source_pairs), 4) if source_pairs else None,
            "kappa": _kappa(source_pairs),
        },
    }


def _binary_pairs(n: int, both: int, only_first: int, only_second: int) -> list[tuple[bool, bool]]:
    neither = n - both - only_first - only_second
    return [(True, True)] * both + [(True, False)] * only_first + [(False, True)] * only_second + [(False, False)] * neither


def _kappa(pairs: Sequence[tuple[Any, Any]]) -> float | None:
    """Cohen's kappa of paired labels; None when there are none, 1.0 when both coders use one label throughout."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected >= 1.0:
        return 1.0
    return round((observed - expected) / (1 - expected), 4)

"""Turn sentences (and their labels) into model inputs.

Each example is the target sentence as the first segment and its context as the second.
``target_mask`` marks the target's own tokens (the pooled sentence vector and the speaker
span come from them); ``offsets`` map target tokens back to characters of the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nlp.frames.model import IGNORE

AUTHOR = "author"


def encode_batch(tokenizer: Any, texts: Sequence[str], contexts: Sequence[str] | None, max_length: int) -> dict[str, Any]:
    """Tokenise target sentences with optional contexts; adds ``target_mask`` and ``offsets``."""
    pairs = list(contexts) if contexts is not None else None
    if pairs is not None and not any(pairs):
        pairs = None
    enc = tokenizer(
        list(texts),
        [c or "" for c in pairs] if pairs is not None else None,
        truncation="longest_first" if pairs is not None else True,
        max_length=max_length,
        return_offsets_mapping=True,
    )
    target_masks, offsets = [], []
    for i in range(len(texts)):
        seq_ids = enc.sequence_ids(i)
        mask = [1 if s == 0 else 0 for s in seq_ids]
        # a token with an empty span (e.g. a lone metaspace) carries no text of its own
        spans = [tuple(o) if s == 0 else (0, 0) for o, s in zip(enc["offset_mapping"][i], seq_ids)]
        target_masks.append(mask)
        offsets.append(spans)
    data = {k: v for k, v in enc.items() if k != "offset_mapping"}
    data["target_mask"] = target_masks
    data["offsets"] = offsets
    return data


def label_arrays(
    frames: Sequence[dict[str, tuple[str, str]]],
    texts: Sequence[str],
    offsets: Sequence[Sequence[tuple[int, int]]],
    target_masks: Sequence[Sequence[int]],
    frame_ids: Sequence[str],
    stance_ids: Sequence[str],
) -> dict[str, list[Any]]:
    """Label tensors (as lists) for a batch: frames, stance per frame, source per frame, speaker tokens."""
    f_index = {f: i for i, f in enumerate(frame_ids)}
    s_index = {s: i for i, s in enumerate(stance_ids)}
    out: dict[str, list[Any]] = {"frame_labels": [], "stance_labels": [], "source_labels": [], "speaker_labels": []}
    for labels, text, spans, mask in zip(frames, texts, offsets, target_masks):
        frame_row = [0] * len(frame_ids)
        stance_row = [IGNORE] * len(frame_ids)
        source_row = [IGNORE] * len(frame_ids)
        for frame, (stance, source) in labels.items():
            i = f_index[frame]
            frame_row[i] = 1
            stance_row[i] = s_index[stance]
            source_row[i] = 0 if source == AUTHOR else 1
        speaker = [IGNORE] * len(spans)
        if labels:
            sources = {src for _, src in labels.values() if src != AUTHOR}
            char_span = _find_span(text, sources) if sources else None
            if not sources or char_span is not None:
                for t, ((a, b), m) in enumerate(zip(spans, mask)):
                    if m and b > a:
                        speaker[t] = int(char_span is not None and a < char_span[1] and b > char_span[0])
        out["frame_labels"].append(frame_row)
        out["stance_labels"].append(stance_row)
        out["source_labels"].append(source_row)
        out["speaker_labels"].append(speaker)
    return out


def _find_span(text: str, sources: set[str]) -> tuple[int, int] | None:
    """Character span of the (longest) source name as written in the sentence, if it is there."""
    lowered = text.lower()
    for source in sorted(sources, key=len, reverse=True):
        at = lowered.find(source.lower())
        if at >= 0:
            return at, at + len(source)
    return None

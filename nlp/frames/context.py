"""Neighbouring sentences as context for the sentence being classified.

Frames often live in the sentence before ("This argument is wrong" points back to a claim), so
the classifier reads the target sentence plus a window of neighbours as a second segment.
"""

from __future__ import annotations

from collections.abc import Sequence

SEPARATOR = " … "


def contexts_for(texts: Sequence[str], window: int = 1) -> list[str]:
    """For each sentence of one document, its ``window`` neighbours on each side, joined.

    >>> contexts_for(["A.", "B.", "C."])
    ['B.', 'A. … C.', 'B.']
    """
    out = []
    for i in range(len(texts)):
        before = texts[max(0, i - window) : i]
        after = texts[i + 1 : i + 1 + window]
        out.append(SEPARATOR.join([*before, *after]))
    return out

"""Unicode normalisation that remembers where every character came from.

Matching (furniture rules, duplicate detection, later the KB matcher) works on NFKC text
with unified quotes and dashes, while offsets reported to users must index the text they
get back. :func:`normalize` returns both the normalised string and, for each of its
characters, the offset of the original character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Typographic variants folded for matching only; the user's text keeps its own characters.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
        "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",
        "\u0451": "\u0435", "\u0401": "\u0415",  # ё -> е, Ё -> Е: writers drop the dots freely
    }
)


@dataclass(frozen=True)
class Normalized:
    """A normalised string plus the original offset of each of its characters."""

    text: str
    offsets: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to a span of the original text."""
        if start >= len(self.offsets):
            return self.original_length, self.original_length
        o_start = self.offsets[start]
        o_end = self.offsets[end] if end < len(self.offsets) else self.original_length
        return o_start, max(o_start, o_end)


def normalize(text: str) -> Normalized:
    """NFKC-normalise and fold quotes, dashes, odd spaces and ё, keeping an offset map.

    >>> n = normalize("«Ёлка» ﬁne")
    >>> n.text
    '"Елка" fine'
    >>> n.to_original(6, 10)
    (6, 9)
    """
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        # A base character and its combining marks are normalised together, so that
        # "e" + U+0301 composes to "é" and both map back to the same place.
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        piece = cluster if cluster.isascii() else unicodedata.normalize("NFKC", cluster.translate(_FOLD)).translate(_FOLD)
        out.append(piece)
        offsets.extend([i] * len(piece))
        i = j
    return Normalized("".join(out), tuple(offsets), len(text))


_WS = re.compile(r"\s+")


def match_key(text: str) -> str:
    """A comparison key: normalised, lower-cased, whitespace collapsed."""
    return _WS.sub(" ", normalize(text).text).strip().lower()

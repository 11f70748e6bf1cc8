"""Exact and near-duplicate detection across a corpus (syndicated copies are common in news).

Exact duplicates share a hash of their normalised text. Near duplicates are found with
MinHash over word 5-grams (character 5-grams for Japanese and Chinese) and banded
locality-sensitive hashing. State is a fixed few dozen bytes per document, never the
texts themselves; pass ``dedup=False`` to the loader to keep memory flat on any corpus.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np

from nlp.textnorm import match_key

_PRIME = (1 << 61) - 1
_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class DuplicateMatch:
    of: str
    exact: bool
    similarity: float


class DuplicateIndex:
    """Remembers documents seen so far and tells whether a new one repeats one of them.

    >>> idx = DuplicateIndex()
    >>> text = " ".join(f"w{i}" for i in range(200))
    >>> idx.check("a", text) is None
    True
    >>> idx.check("b", text).of
    'a'
    >>> idx.check("c", text.replace("w100 ", "changed ")).exact
    False
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 64, bands: int = 16, seed: int = 13) -> None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        rng = np.random.default_rng(seed)
        self.threshold = threshold
        self.bands = bands
        self.rows = num_perm // bands
        self._a = rng.integers(1, _PRIME, size=num_perm, dtype=np.uint64)
        self._b = rng.integers(0, _PRIME, size=num_perm, dtype=np.uint64)
        self._exact: dict[bytes, str] = {}
        self._buckets: dict[tuple[int, bytes], str] = {}
        self._signatures: dict[str, np.ndarray] = {}

    def check(self, doc_id: str, text: str) -> DuplicateMatch | None:
        """Return the earlier document ``text`` duplicates, and remember it otherwise."""
        key = match_key(text)
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=12).digest()
        if digest in self._exact:
            return DuplicateMatch(self._exact[digest], True, 1.0)
        self._exact[digest] = doc_id
        shingles = _shingles(key)
        if len(shingles) < 3:
            return None
        sig = self._signature(shingles)
        best: DuplicateMatch | None = None
        for band in range(self.bands):
            chunk = sig[band * self.rows : (band + 1) * self.rows].tobytes()
            other = self._buckets.get((band, chunk))
            if other is None:
                self._buckets[(band, chunk)] = doc_id
            elif best is None or best.of != other:
                sim = float(np.mean(self._signatures[other] == sig))
                if sim >= self.threshold and (best is None or sim > best.similarity):
                    best = DuplicateMatch(other, False, round(sim, 3))
        self._signatures[doc_id] = sig
        return best

    def _signature(self, shingles: set[int]) -> np.ndarray:
        x = np.fromiter(shingles, dtype=np.uint64)
        # (a * x + b) mod p for every permutation and shingle; min over shingles.
        with np.errstate(over="ignore"):
            h = (self._a[:, None] * x[None, :] + self._b[:, None]) % np.uint64(_PRIME)
        return h.min(axis=1)


def _shingles(key: str, n: int = 5) -> set[int]:
    if len(_CJK.findall(key[:2000])) > 50:
        chars = "".join(key.split())
        grams = [chars[i : i + n] for i in range(max(1, len(chars) - n + 1))]
    else:
        words = _WORD.findall(key)
        grams = [" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))]
    return {zlib.crc32(g.encode("utf-8")) for g in grams}

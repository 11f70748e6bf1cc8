"""Sentence segmentation with character offsets for English, Russian and Japanese.

Text is first cut into lines: in news text a line is a paragraph, a headline, a list item
or a quoted line, and each of those is a unit of its own. Paragraph lines are then split
into sentences by a splitter for the language: pysbd (English and most languages), razdel
(Russian) and a bracket-aware rule for Japanese, so that 「…。」 stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from nlp.schema import Segment

_BULLET = re.compile(r"^(?:[•·▪◦●○■□‣⁃*]|\d{1,3}[.)]|[a-zA-Z][.)]|[（(]\d{1,3}[)）])\s+")
_DASH_QUOTE = re.compile(r"^[-–—―]\s+\S")
_TERMINAL = re.compile(r"[.!?…。！？:;»\"”’'）)\]」』]\s*$")
_OPEN_Q = "\"“«„「『‘'"
_CLOSE_Q = "\"”»“」』’'"
_JA_END = "。！？!?"
_JA_OPEN = "「『（(【〔［"
_JA_CLOSE = "」』）)】〕］"


def segment(text: str, lang: str | None) -> list[Segment]:
    """Split ``text`` into sentence units with offsets into ``text``.

    >>> t = "Headline here\\nMr. Abe spoke. He left.\\n  • a list item"
    >>> [(t[s.start:s.end], s.kind) for s in segment(t, "en")]
    [('Headline here', 'heading'), ('Mr. Abe spoke.', 'sentence'), ('He left.', 'sentence'), ('a list item', 'list_item')]
    """
    out: list[Segment] = []
    for start, end in _lines(text):
        line = text[start:end]
        kind = _line_kind(line)
        marker = _BULLET.match(line) or _DASH_QUOTE.match(line)
        if marker and kind in ("list_item", "quote"):
            # The bullet or dialogue dash is layout, not content: the unit starts after it.
            skip = marker.end() if kind == "list_item" else len(line) - len(line[1:].lstrip())
            start, line = start + skip, line[skip:]
        if kind in ("heading", "list_item"):
            out.append(Segment(start=start, end=end, kind=kind))
            continue
        for s, e in _split_sentences(line, lang):
            piece = line[s:e]
            quoted = kind == "quote" or (piece[0] in _OPEN_Q and piece.rstrip(".")[-1:] in _CLOSE_Q)
            out.append(Segment(start=start + s, end=start + e, kind="quote" if quoted else "sentence"))
    return out


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line with surrounding whitespace trimmed."""
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group()
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        if right > left:
            yield m.start() + left, m.start() + right


def _line_kind(line: str) -> str:
    if _BULLET.match(line):
        return "list_item"
    if _DASH_QUOTE.match(line):
        return "quote"
    if line[0] in _OPEN_Q and line[-1] in _CLOSE_Q and len(line) > 2:
        return "quote"
    if not _TERMINAL.search(line) and len(line.split()) <= 20 and len(line) <= 160:
        return "heading"
    return "paragraph"


def _split_sentences(line: str, lang: str | None) -> list[tuple[int, int]]:
    splitter = _splitter(lang or "en")
    spans = []
    for s, e in splitter(line):
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans or [(0, len(line))]


@lru_cache(maxsize=None)
def _splitter(lang: str) -> Callable[[str], list[tuple[int, int]]]:
    if lang == "ja" or lang == "zh":
        return _split_cjk
    if lang == "ru" or lang == "uk" or lang == "be":
        import razdel

        return lambda line: [(s.start, s.stop) for s in razdel.sentenize(line)]
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    seg = pysbd.Segmenter(language=lang if lang in LANGUAGE_CODES else "en", clean=False)

    def split(line: str) -> list[tuple[int, int]]:
        # pysbd returns the pieces in order; find each from a moving cursor, which is
        # robust where its own char_span mode is not (repeated sentences).
        spans, cursor = [], 0
        for piece in seg.segment(line):
            piece = piece.strip()
            if not piece:
                continue
            at = line.find(piece, cursor)
            if at < 0:
                return [(0, len(line))]
            spans.append((at, at + len(piece)))
            cursor = at + len(piece)
        return spans

    return split


def _split_cjk(line: str) -> list[tuple[int, int]]:
    """Split after 。！？ outside brackets, keeping trailing closing brackets attached."""
    spans, start, depth, i, n = [], 0, 0, 0, len(line)
    while i < n:
        ch = line[i]
        if ch in _JA_OPEN:
            depth += 1
        elif ch in _JA_CLOSE:
            depth = max(0, depth - 1)
        elif ch in _JA_END and depth == 0:
            j = i + 1
            while j < n and (line[j] in _JA_END or line[j] in _JA_CLOSE):
                j += 1
            spans.append((start, j))
            start = i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    return spans

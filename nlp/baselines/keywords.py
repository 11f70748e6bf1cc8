"""Keyword baseline: per-frame cue lists from the taxonomy, plus crude stance and attribution cues.

This is the yardstick, not a method to improve: it shows what counting words reaches, so a
model's numbers mean something. Frame cues come from each frame's ``keywords`` in the taxonomy
file (so any taxonomy with cue lists gets a baseline). A cue matches at the start of a word,
so stems work for Russian ("смягч" finds "смягчила"); Japanese cues match as substrings.
Stance is ``contest`` when a negation or debunk cue is present, ``neutral`` for questions and
hedges, otherwise ``endorse``; the source is ``author`` unless a reporting cue is present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.taxonomy import Taxonomy
from nlp.textnorm import normalize

SOURCE = "source"  # the baseline cannot name the speaker, only tell that there is one

_CONTEST = {
    "en": r"\b(?:not|no|never|false|deny|denies|denied|wrong|myth|rumou?rs?|unfounded|fake|nothing|neither|nor|isn't|aren't|wasn't|didn't|doesn't|won't|hardly|unlikely)\b",
    "ru": r"(?<!\w)(?:не|нет|ни|никак\w*|ничего|ложн\w*|фейк\w*|опроверг\w*|миф\w*|слух\w*|вряд)(?!\w)",
    "ja": r"(?:ない|否定|誤り|事実はない|デマ|うそ|ではない|ません)",
}
_NEUTRAL = {
    "en": r"(?:\?\s*$|\bwhether\b|matter of interpretation|too early)",
    "ru": r"(?:\?\s*$|(?<!\w)ли(?!\w)|вопрос интерпретации|рано говорить)",
    "ja": r"(?:[?？]\s*$|かどうか|か。$)",
}
_REPORTED = {
    "en": r"\b(?:said|says|told|according to|stated|claimed|claims|reported|reports|argued|argues|added|noted|warned|insisted|wrote|believes)\b|[\"“]",
    "ru": r"(?:заявил\w*|сказал\w*|сообщил\w*|сообщает|по словам|по мнению|по данным|считает|отметил\w*|подчеркнул\w*|пишет|пишут|утвержда\w*|«)",
    "ja": r"(?:によると|と述べ|と語っ|と話し|と強調|としている|と報じ|と指摘|「)",
}


@dataclass(frozen=True)
class KeywordHit:
    frame: str
    stance: str
    source: str
    score: float


class KeywordBaseline:
    """Tag sentences by cue words.

    >>> from nlp.taxonomy import load_taxonomy
    >>> kb = KeywordBaseline(load_taxonomy())
    >>> [h.frame for h in kb.predict("Tokyo quietly eased sanctions on car parts.", "en")]
    ['sanctions_eased']
    """

    name = "keywords"

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._patterns: dict[str, dict[str, re.Pattern[str]]] = {}
        for frame in taxonomy.frames:
            for lang, cues in frame.keywords.items():
                if cues:
                    self._patterns.setdefault(lang, {})[frame.id] = _cue_pattern(cues, lang)

    def predict_many(self, texts: list[str], langs: list[str | None], contexts: list[str] | None = None) -> list[list[KeywordHit]]:
        """Tag many sentences (context is not used by this baseline)."""
        return [self.predict(t, l) for t, l in zip(texts, langs)]

    def cue_matrix(self, texts: list[str], langs: list[str | None], frame_ids: list[str]) -> list[list[float]]:
        """Per text, 1.0 for each of ``frame_ids`` whose cue words it contains, else 0.0."""
        rows = []
        for hits in self.predict_many(texts, langs):
            found = {h.frame for h in hits}
            rows.append([1.0 if f in found else 0.0 for f in frame_ids])
        return rows

    def predict(self, text: str, lang: str | None) -> list[KeywordHit]:
        lang = lang if lang in self._patterns else "en"
        key = normalize(text).text.lower()
        patterns = self._patterns.get(lang, {})
        hits = {fid: len(p.findall(key)) for fid, p in patterns.items()}
        found = [fid for fid, n in hits.items() if n]
        if not found:
            return []
        stance = "endorse"
        if re.search(_CONTEST.get(lang, _CONTEST["en"]), key):
            stance = "contest"
        elif re.search(_NEUTRAL.get(lang, _NEUTRAL["en"]), key.strip()):
            stance = "neutral"
        source = SOURCE if re.search(_REPORTED.get(lang, _REPORTED["en"]), key) else "author"
        return [KeywordHit(fid, stance, source, min(1.0, 0.5 + 0.25 * hits[fid])) for fid in found]


def _cue_pattern(cues: list[str], lang: str) -> re.Pattern[str]:
    parts = []
    for cue in sorted({normalize(c).text.lower().strip() for c in cues if c.strip()}, key=len, reverse=True):
        words = [re.escape(w) for w in cue.split()]
        if lang in ("ja", "zh"):
            parts.append("".join(words))
        else:
            parts.append(r"(?<!\w)" + r"\w*\s+".join(words))
    return re.compile("|".join(parts))

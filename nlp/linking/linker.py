"""Mention detection and disambiguation: the language-independent core of the linker.

:func:`find_mentions` merges the statistical NER's spans with a longest-match over the KB's
alias and metonym keys; :class:`Resolver` picks an entity for each mention with a score from
the alias kind, the NER type, the entity's context cues, earlier links in the same document
and, for capitals and seats of power, the metonymy signal (:mod:`nlp.linking.cues`). A
mention whose best score is under the threshold stays NIL (``kb_id`` null) with its type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nlp.linking.cues import COMPATIBLE, INSTITUTION_AFTER, INSTITUTION_BEFORE, INSTITUTION_PHRASE, TITLES, metonymy_signal
from nlp.linking.kb import Candidate, Entity, KnowledgeBase
from nlp.linking.keys import name_key, ru_lemma

# Words: letters/digits with inner hyphens or dots ("U.S", "Sakhalin-2"); apostrophes split off.
_TOKEN = re.compile(r"\w+(?:[\-.]\w+)*", re.UNICODE)
_MAX_NGRAM = 7


@dataclass
class Mention:
    start: int
    end: int
    text: str
    ner_label: str | None = None  # PER/ORG/GPE/LOC from the statistical NER, if it found the span
    candidates: list[Candidate] = field(default_factory=list)
    kb_id: str | None = None
    name: str | None = None
    label: str = "MISC"
    score: float = 0.0
    metonym: bool = False


def tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _token_key(word: str, lang: str) -> str:
    w = word.lower().replace(".", "").replace("ё", "е")
    return ru_lemma(w) if lang == "ru" else w


def alias_matches(text: str, lang: str, kb: KnowledgeBase, boundaries: set[int] | None = None) -> list[Mention]:
    """Longest non-overlapping matches of KB keys in ``text``.

    English and Russian match word n-grams (Russian words lemmatised, so inflected forms
    match); Japanese matches characters, keeping matches whose ends fall on token
    ``boundaries`` when the tokenizer's boundaries are given.
    """
    if lang == "ja":
        return _ja_matches(text, kb, boundaries)
    toks = tokens(text)
    keys = [_token_key(text[s:e], lang) for s, e in toks]
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        hit = None
        for n in range(min(_MAX_NGRAM, len(toks) - i), 0, -1):
            s, e = toks[i][0], toks[i + n - 1][1]
            if "\n" in text[s:e]:
                continue
            cands = kb.lookup(" ".join(keys[i : i + n]), lang)
            if cands and _looks_like_name(text[s:e], kb, lang, " ".join(keys[i : i + n])):
                hit = (n, Mention(s, e, text[s:e], candidates=cands))
                break
        if hit:
            m = hit[1]
            # "The Moscow Times": a leading "The" that belongs to the name; "U.S.": the final dot.
            if i > 0 and text[toks[i - 1][0] : toks[i - 1][1]] == "The" and kb.has_the_name(" ".join(keys[i : i + hit[0]]), lang):
                m.start = toks[i - 1][0]
            if m.end < len(text) and text[m.end] == "." and "." in text[m.start : m.end]:
                m.end += 1
            m.text = text[m.start : m.end]
            out.append(m)
            i += hit[0]
        else:
            i += 1
    return out


def _looks_like_name(surface: str, kb: KnowledgeBase, lang: str, key: str) -> bool:
    """Names are capitalised (or digits/acronyms); an all-caps alias needs an all-caps surface.

    A lower-case start is fine for a phrase around a name ("правительство России", "government
    of Japan") and for a descriptive name the KB itself writes in lower case ("японское правительство").
    """
    first = surface[0]
    if first.isalpha() and not first.isupper():
        words = surface.split()
        if not (len(words) > 1 and any(w[:1].isupper() for w in words[1:])) and not kb.is_lowercase_name(key, lang):
            return False
    if kb.is_acronym(key, lang):
        return surface.replace(".", "").replace("-", "").isupper()
    return True


def _ja_matches(text: str, kb: KnowledgeBase, boundaries: set[int] | None) -> list[Mention]:
    norm = re.sub(r"\s", "\u0000", text)
    by_first = kb.first_char_index("ja")
    out: list[Mention] = []
    i = 0
    while i < len(norm):
        hit = None
        for key in by_first.get(norm[i].lower(), ()):  # longest first
            if text[i : i + len(key)].lower() == key and (
                boundaries is None or (i in boundaries and i + len(key) in boundaries)
            ):
                hit = Mention(i, i + len(key), text[i : i + len(key)], candidates=kb.lookup(key, "ja"))
                break
        if hit:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return out


def trim_span(text: str, start: int, end: int, lang: str) -> tuple[int, int]:
    """Drop leading titles/determiners and a trailing possessive from an NER span."""
    titles = TITLES.get(lang, set())
    while True:
        m = re.match(r"[\w\-.]+\s+", text[start:end])
        if not m or text[start : start + m.end()].strip().lower().rstrip(".") not in titles:
            break
        start += m.end()
    for suffix in ("'s", "’s", "'", "’"):
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            end -= len(suffix)
            break
    while end > start and text[end - 1] in " ,.;:" and not (text[end - 1] == "." and "." in text[start : end - 1]):
        end -= 1  # but "U.S." keeps its final dot
    return start, end


def merge(ner: list[Mention], matched: list[Mention], text: str, lang: str, kb: KnowledgeBase) -> list[Mention]:
    """Combine NER spans and alias matches into non-overlapping mentions.

    An NER span that an alias match covers exactly (or nearly: only titles around it) takes
    the match's candidates and keeps the NER type; a longer NER span that is not a KB name
    (an unknown organisation that contains "Japan") wins over the shorter match inside it
    and stays NIL; a match the NER missed is kept.
    """
    out: list[Mention] = []
    used: set[int] = set()
    # A KB name that strictly contains an NER span ("日本政府" around "日本", "Bank of Japan" around
    # "Japan") is the better mention: the NER span is dropped.
    for n in ner:
        n.start, n.end = trim_span(text, n.start, n.end, lang)
    ner = [n for n in ner if n.end > n.start and not any(
        m.start <= n.start and n.end <= m.end and (m.end - m.start) > (n.end - n.start) for m in matched)]
    for n in ner:
        n.text = text[n.start : n.end]
        n.candidates = kb.lookup(name_key(n.text, lang), lang)
        inside = [i for i, m in enumerate(matched) if m.start < n.end and n.start < m.end]
        if n.candidates:
            used.update(inside)
            out.append(n)
            continue
        if len(inside) == 1:
            m = matched[inside[0]]
            if n.start <= m.start and m.end <= n.end and _only_titles(text, n, m, lang):
                m.ner_label = n.ner_label
                out.append(m)
                used.add(inside[0])
                continue
            if m.start < n.start or m.end > n.end:  # the match reaches outside the NER span: trust the match
                continue
        used.update(inside)
        out.append(n)
    out.extend(m for i, m in enumerate(matched) if i not in used and not any(o.start < m.end and m.start < o.end for o in out))
    out.sort(key=lambda m: m.start)
    return out


def institution_phrases(mentions: list[Mention], text: str, lang: str, kb: KnowledgeBase) -> list[Mention]:
    """Widen a country mention to the institution named around it ("Japan's Foreign Ministry",
    "МИД России", "ロシア外務省") and add demonym phrases ("Russian Foreign Ministry"); a
    numbered project after a place ("サハリン2") is one name too.

    The phrase takes the KB's entry when there is one (looked up as written and, in English, as
    "<institution> of <country>"), and is otherwise a NIL organisation, so the country inside it
    is not counted as a mention of its own.
    """
    out: list[Mention] = []
    after, before = INSTITUTION_AFTER.get(lang), INSTITUTION_BEFORE.get(lang)
    for m in mentions:
        types = {c.entity.type for c in m.candidates}
        start, end, head = m.start, m.end, None
        if types == {"GPE"} and after and (hit := after.match(text, m.end)):
            end, head = hit.end(), hit.group(1)
        elif types == {"GPE"} and before and (hit := before.search(text[max(0, m.start - 60) : m.start])):
            start, head = m.start - len(hit.group(0)), hit.group(1)
        elif lang == "ja" and types and types <= {"GPE", "LOC"} and (hit := re.match(r"-?[0-9０-９]+(?![0-9０-９])", text[m.end :])):
            end = m.end + hit.end()
        if (start, end) == (m.start, m.end):
            out.append(m)
            continue
        phrase = Mention(start, end, text[start:end], ner_label="ORG")
        keys = [name_key(phrase.text, lang)]
        if lang == "en" and head:
            for name in (m.text, *(c.entity.name for c in m.candidates)):
                keys += [name_key(f"{head} of {name}", lang), name_key(f"{name} {head}", lang)]
        for key in keys:
            phrase.candidates = [c for c in kb.lookup(key, lang) if c.kind == "alias"]
            if phrase.candidates:
                break
        if head is None:
            phrase.ner_label = "LOC"  # a numbered project
        out = [o for o in out if not (start <= o.start and o.end <= end)]
        out.append(phrase)
    out = [o for o in out if not any(p.start <= o.start and o.end <= p.end and (p.start, p.end) != (o.start, o.end) for p in out)]
    pattern = INSTITUTION_PHRASE.get(lang)
    if pattern:
        for hit in pattern.finditer(text):
            s, e = hit.span()
            if any(m.start <= s and e <= m.end for m in out):
                continue  # already a name (or inside one)
            phrase = Mention(s, e, text[s:e], ner_label="ORG", candidates=kb.lookup(name_key(text[s:e], lang), lang))
            out = [m for m in out if not (s <= m.start and m.end <= e)]
            if not any(m.start < e and s < m.end for m in out):
                out.append(phrase)
    out.sort(key=lambda m: m.start)
    return out


def _only_titles(text: str, n: Mention, m: Mention, lang: str) -> bool:
    rest = (text[n.start : m.start] + " " + text[m.end : n.end]).lower()
    words = re.findall(r"[\w\-]+", rest)
    return all(w in TITLES.get(lang, set()) or w in {"s"} for w in words) or lang == "ja"


@dataclass
class Resolver:
    """Chooses an entity per mention; remembers links across the sentences of one document."""

    kb: KnowledgeBase
    lang: str
    threshold: float = 0.5
    _doc_links: dict[str, str] = field(default_factory=dict)  # surname/short key -> qid or "" (NIL)
    _linked: set[str] = field(default_factory=set)

    def resolve(self, mentions: list[Mention], text: str, doc: Any = None) -> list[Mention]:
        context = _context_keys(text, self.lang)
        for m in mentions:
            self._resolve_one(m, text, context, doc)
        return mentions

    def _resolve_one(self, m: Mention, text: str, context: str, doc: Any) -> None:
        short = _short_key(m.text, self.lang)
        cands = m.candidates
        if not cands and m.ner_label == "PER":
            remembered = self._doc_links.get(short)
            if remembered is not None:
                ent = self.kb.get(remembered) if remembered else None
                self._set(m, ent, 0.7 if ent else 0.0, metonym=False)
                return
            if self.lang == "ja" or len(tokens(m.text)) == 1:  # a surname alone; "Akie Abe" is not "Abe"
                cands = [c for c in self.kb.lookup(short, self.lang) if c.entity.type == "PER"]
        if not cands:
            self._set(m, None, 0.0, metonym=False)
            if m.ner_label == "PER" and " " in m.text.strip():
                self._doc_links.setdefault(short, "")  # a full name outside the KB: later surnames stay NIL too
            return
        signal = None
        scored: list[tuple[float, Candidate]] = []
        ambiguous = len({c.entity.id for c in cands}) > 1
        has_metonym = any(c.kind == "metonym" for c in cands)
        for c in cands:
            score = 0.75 if c.kind == "alias" else 0.3
            e = c.entity
            if m.ner_label and e.type not in COMPATIBLE.get(m.ner_label, {e.type}):
                # The small NER models mislabel often ("Lavrov" ORG, "Gazprom" PER): the type only
                # weighs much when it must choose between entities that share the name.
                score -= (0.3 if "PER" in (m.ner_label, e.type) else 0.1) if ambiguous else 0.05
            score += min(0.18, 0.06 * sum(1 for cue in e.context.get(self.lang, []) if _has_cue(context, cue, self.lang)))
            if e.id in self._linked:
                score += 0.1
            if has_metonym:
                if signal is None:
                    signal = metonymy_signal(self.lang, text, m.start, m.end, doc)
                if c.kind == "metonym":
                    score += 0.45 * (signal + 0.5)
                elif e.type in {"GPE", "LOC"}:
                    score -= 0.45 * max(0.0, signal)
            scored.append((score, c))
        scored.sort(key=lambda sc: -sc[0])
        best_score, best = scored[0]
        if not has_metonym and best.entity.is_capital and metonymy_signal(self.lang, text, m.start, m.end, doc) >= 0.5:
            # a capital standing for a government the KB does not have ("Berlin was more cautious")
            self._set(m, None, 0.0, metonym=True)
            return
        if len(scored) > 1 and scored[1][0] > best_score - 0.05 and scored[1][1].entity.id != best.entity.id:
            best_score -= 0.1  # a near tie: less sure
        best_score = max(0.0, min(1.0, best_score))
        if best_score < self.threshold:
            self._set(m, None, best_score, metonym=False)
            return
        self._set(m, best.entity, best_score, metonym=best.kind == "metonym")
        if best.entity.type == "PER":
            self._doc_links[short] = best.entity.id

    def _set(self, m: Mention, entity: Entity | None, score: float, metonym: bool) -> None:
        m.score = round(score, 3)
        m.metonym = metonym
        if entity is None:
            m.kb_id, m.name = None, None
            m.label = m.ner_label or (m.candidates[0].entity.type if m.candidates else "MISC")
            if m.label == "GOV":
                m.label = "ORG"
            return
        self._linked.add(entity.id)
        m.kb_id, m.name, m.label = entity.id, entity.name, entity.type


def _short_key(text: str, lang: str) -> str:
    """The last word of a person's name (the surname in en/ru), as a key."""
    if lang == "ja":
        return name_key(text, lang)
    words = tokens(text)
    if not words:
        return ""
    s, e = words[-1]
    return name_key(text[s:e], lang)


def _context_keys(text: str, lang: str) -> str:
    if lang == "ja":
        return text.lower()
    return " " + " ".join(_token_key(text[s:e], lang) for s, e in tokens(text)) + " "


def _has_cue(context: str, cue: str, lang: str) -> bool:
    if lang == "ja":
        return cue.lower() in context
    key = " ".join(_token_key(w, lang) for w in re.findall(r"\w+(?:[\-.]\w+)*", cue))
    return f" {key} " in context

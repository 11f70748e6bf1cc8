"""Quotes and reported speech: who says what in a document.

:func:`attribute` finds, per sentence, the speaker a sentence reports (or ``None`` when the
author speaks), from

- direct quotes in every common style ("…", “…”, «…», „…“, 「…」, 『…』), including quotes that
  run over several sentences, with the speaker named before or after the quote;
- reported speech with cue verbs: en "said", "told", "according to", "reported", ...; ru
  "заявил", "по словам", "сообщил", "считает", ...; ja "によると", "と述べた", "と語った", ...;
- back-references: "he", "she", "the minister", "он", "министр", "同氏" point to the last named
  speaker.

Speakers are the entity mentions found by the linker when one sits in the right place (so they
carry a KB id), else the words before the cue ("Russian media", "officials in Tokyo").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from nlp.schema import EntityMention, Quote, Segment, Span

_OPEN_CLOSE = {'"': '"', "“": "”", "«": "»", "„": "“", "「": "」", "『": "』", "‘": "’"}
_SPEAKER_LABELS = {"PER", "ORG", "GOV", "MEDIA", "GPE"}

_EN_CUE = re.compile(
    r"\b(said|says|say|told|tells|stated|states|added|adds|noted|notes|argued|argues|argue|insisted|insists|"
    r"claimed|claims|claim|warned|warns|stressed|stresses|explained|explains|wrote|writes|believes|believe|"
    r"reported|reports|report|announced|announces|declared|declares|suggested|suggests|maintained|maintains|"
    r"emphasized|emphasised|observed|observes|remarked|acknowledged|admitted|contended|contends|asserted|"
    r"asserts|alleged|alleges|commented|comments|concluded|concludes|pointed out|points out)\b"
)
_EN_ACCORDING = re.compile(r"\b(according to|in the words of|as quoted by|cited by)\s+", re.I)
_EN_PRONOUN = re.compile(r"^(he|she|they|the (?:minister|spokesman|spokeswoman|spokesperson|president|premier|prime minister|official|officials|ambassador|diplomat|analyst|expert|agency|ministry|outlet|newspaper|paper|report))\b", re.I)

_RU_CUE = re.compile(
    r"(заяви\w*|сообщи\w*|сообщает|сообщают|сказа\w*|говори\w*|говорит|отмети\w*|отмечает|подчеркну\w*|"
    r"подчеркивает|считает|считают|полагает|полагают|уверен\w*|пиш\w+|написа\w*|добави\w*|утвержда\w*|"
    r"заверил\w*|признал\w*|предупреди\w*|указа\w*|указывает|пояснил\w*|объясни\w*|рассказа\w*|передает|передаёт)",
    re.I,
)
_RU_ACCORDING = re.compile(r"(по словам|по мнению|по данным|как сообщил\w*|как заявил\w*|как пишет|как отметил\w*|как считает)\s+", re.I)
_RU_PRONOUN = re.compile(r"^(он|она|они|министр|пресс-секретарь|представитель|дипломат|эксперт|аналитик|ведомство|издание|агентство)\b", re.I)

_JA_ACCORDING = re.compile(r"(によると|によれば|の話では)")
_JA_CUE = re.compile(r"と(述べ|語っ|語り|話し|強調し|説明し|明らかにし|発表し|指摘し|主張し|批判し|報じ|伝え|表明し|訴え|言明し|書い|考え)")
_JA_PRONOUN = ("同氏", "同相", "同大統領", "同首相", "彼", "彼女", "同省", "同紙", "同社")

_GROUPS = {"officials", "analysts", "experts", "critics", "diplomats", "observers", "media", "sources"}
_NOT_SPEAKERS = re.compile(r"\b(I|we|you|it|this|that|there)\b", re.I)
_STOP_LEFT = re.compile(r"[.;:!?\n]|,\s*(?=\w)|\b(and|but|that|which|who|while|as|because)\b", re.I)


@dataclass
class SentenceSource:
    """The speaker a sentence reports (``None``: the author), and how it was found."""

    speaker: str | None = None
    kb_id: str | None = None
    span: Span | None = None
    how: str = "author"  # author | quote | cue | according | backref


@dataclass
class Attribution:
    sentences: list[SentenceSource] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def find_quotes(text: str) -> list[Span]:
    """Content spans of paired quotation marks (the marks excluded); nested pairs keep the outer one."""
    out: list[Span] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        close = _OPEN_CLOSE.get(ch)
        if close is None or ch == "‘":  # single quotes are mostly apostrophes and scare quotes
            i += 1
            continue
        j = text.find(close, i + 1)
        limit = i + 3000
        if j == -1 or j > limit:
            i += 1
            continue
        if j - i > 3:
            out.append(Span(start=i + 1, end=j))
        i = j + 1
    return out


def attribute(
    text: str,
    sentences: Sequence[Segment],
    entities: Sequence[EntityMention],
    lang: str | None,
) -> Attribution:
    """Attribute each sentence of a document to its speaker (or the author) and list the quotes."""
    lang = lang or "en"
    result = Attribution(sentences=[SentenceSource() for _ in sentences])
    last: SentenceSource | None = None
    quotes = find_quotes(text)
    # Direct quotes first: the speaker sits just before or just after the quote.
    for q in quotes:
        src = _quote_speaker(text, q, sentences, entities, lang)
        if src.speaker is None and len(text[q.start : q.end]) < 40:
            continue  # a short quoted phrase with no speaker is a scare quote or a title, not a quotation
        result.quotes.append(Quote(speaker=src.span, speaker_text=src.speaker, speaker_kb_id=src.kb_id, content=q))
        if src.speaker is None:
            continue
        for k, s in enumerate(sentences):
            overlap = min(s.end, q.end) - max(s.start, q.start)
            if overlap > 0 and overlap >= 0.5 * min(s.end - s.start, q.end - q.start):
                result.sentences[k] = SentenceSource(src.speaker, src.kb_id, src.span, "quote")
    # Reported speech, and back-references to the last speaker.
    for k, s in enumerate(sentences):
        if result.sentences[k].how == "quote":
            last = result.sentences[k]
            continue
        src = _reported(text, s, entities, lang, last)
        if src.speaker:
            result.sentences[k] = src
            last = src
    return result


def _entities_in(entities: Sequence[EntityMention], start: int, end: int) -> list[EntityMention]:
    return [e for e in entities if e.start >= start and e.end <= end and e.label in _SPEAKER_LABELS]


def _as_source(e: EntityMention, how: str) -> SentenceSource:
    return SentenceSource(e.text, e.kb_id, Span(start=e.start, end=e.end), how)


def _quote_speaker(text: str, q: Span, sentences: Sequence[Segment], entities: Sequence[EntityMention], lang: str) -> SentenceSource:
    # After the quote: '"…," Peskov said' / '«…», — заявил Песков' / '「…」と岸田首相は述べた'
    after_end = min(len(text), q.end + 120)
    after = text[q.end + 1 : after_end]
    after = re.split(r"[.!?。\n]", after, maxsplit=1)[0]
    base = q.end + 1
    if lang == "ja":
        if _JA_CUE.search(after[:40]) or after.startswith("と"):
            ents = _entities_in(entities, base, base + len(after))
            if ents:
                return _as_source(ents[0], "quote")
    else:
        cue = (_RU_CUE if lang == "ru" else _EN_CUE).search(after[:60])
        if cue:
            ents = _entities_in(entities, base, base + len(after))
            if ents:
                return _as_source(ents[0], "quote")
            named = _name_after(after[cue.end() :])  # '"…," said Dmitry Ivanov'
            if named:
                name, start, end = named
                return SentenceSource(name, None, Span(start=base + cue.end() + start, end=base + cue.end() + end), "quote")
    # Before the quote: 'Peskov said: "…"' / 'Песков заявил: «…»' / '岸田首相は「…」と述べた'
    line_start = max(text.rfind("\n", 0, q.start - 1) + 1, q.start - 200)
    before = text[line_start : q.start - 1]
    if lang == "ja":
        ents = _entities_in(entities, line_start, q.start)
        if ents and _JA_CUE.search(text[q.end + 1 : q.end + 30]):
            return _as_source(ents[-1], "quote")
        return SentenceSource()
    cue = None
    for cue in (_RU_CUE if lang == "ru" else _EN_CUE).finditer(before):
        pass
    if cue and re.match(r"^[\s:,—–-]*(that\s+|что\s+)?$", before[cue.end() :]):
        ents = _entities_in(entities, line_start, line_start + cue.start())
        if ents:
            return _as_source(ents[-1], "quote")
    return SentenceSource()


def _name_after(s: str) -> tuple[str, int, int] | None:
    """Up to four capitalised words at the start of ``s``: a name, with its offsets in ``s``."""
    m = re.match(r"\s*((?:[A-ZА-ЯЁ][\w\-.]*\s?){1,4})", s)
    if not m or not m.group(1).strip():
        return None
    name = m.group(1).strip()
    return name, m.start(1), m.start(1) + len(name)


def _reported(text: str, s: Segment, entities: Sequence[EntityMention], lang: str, last: SentenceSource | None) -> SentenceSource:
    sent = text[s.start : s.end]
    if lang == "ja":
        return _reported_ja(text, s, sent, entities, last)
    according = (_RU_ACCORDING if lang == "ru" else _EN_ACCORDING).search(sent)
    if according:
        rest_start = s.start + according.end()
        ents = [e for e in _entities_in(entities, rest_start, s.end) if e.start - rest_start < 40]
        if ents:
            return _as_source(ents[0], "according")
        m = re.match(r"((?:[\w\-]+\s?){1,4}?)(?=[,.]|\s+(?:the|that|it|in|на|в)\b)", text[rest_start : s.end])
        if m and m.group(1).strip():
            return SentenceSource(m.group(1).strip(), None, Span(start=rest_start, end=rest_start + len(m.group(1).strip())), "according")
    cue_re = _RU_CUE if lang == "ru" else _EN_CUE
    for cue in cue_re.finditer(sent):
        cue_start = s.start + cue.start()
        # The speaker is the subject before the cue in the same clause ("Peskov said", "Песков заявил")
        # or, in inversions, right after it ("said Peskov", "заявил Песков").
        left = sent[: cue.start()]
        stop = None
        for stop in _STOP_LEFT.finditer(left):
            pass
        clause_start = s.start + (stop.end() if stop else 0)
        ents = _entities_in(entities, clause_start, cue_start)
        if ents:
            return _as_source(ents[-1], "cue")
        subject = text[clause_start:cue_start].strip(" ,—–-\"'«»“”")
        if subject:
            pron = (_RU_PRONOUN if lang == "ru" else _EN_PRONOUN).match(subject)
            if pron and last is not None and last.speaker:
                return SentenceSource(last.speaker, last.kb_id, last.span, "backref")
            words = subject.split()
            named = words and (words[0][0].isupper() or lang == "ru" or words[0].lower() in _GROUPS)
            if named and len(words) <= 6 and not pron and not _NOT_SPEAKERS.search(subject):
                at = clause_start + text[clause_start:cue_start].find(subject)
                return SentenceSource(subject, None, Span(start=at, end=at + len(subject)), "cue")
        after = [e for e in _entities_in(entities, s.start + cue.end(), s.end) if e.start - (s.start + cue.end()) < 3]
        if after:
            return _as_source(after[0], "cue")
    return SentenceSource()


def _reported_ja(text: str, s: Segment, sent: str, entities: Sequence[EntityMention], last: SentenceSource | None) -> SentenceSource:
    m = _JA_ACCORDING.search(sent)
    if m:
        ents = [e for e in _entities_in(entities, s.start, s.start + m.start()) if s.start + m.start() - e.end < 6]
        if ents:
            return _as_source(ents[-1], "according")
        head = re.split(r"[、。]", sent[: m.start()])[-1]
        if head:
            st = s.start + m.start() - len(head)
            return SentenceSource(head, None, Span(start=st, end=st + len(head)), "according")
    cue = _JA_CUE.search(sent)
    if cue:
        # The speaker is the topic/subject marked with は/が earlier in the sentence.
        ents = [e for e in _entities_in(entities, s.start, s.start + cue.start()) if text[e.end : e.end + 6].lstrip("外相首相大統領長官官房長官報道官氏").startswith(("は", "が"))]
        if ents:
            return _as_source(ents[0], "cue")
        if sent.startswith(_JA_PRONOUN) and last is not None and last.speaker:
            return SentenceSource(last.speaker, last.kb_id, last.span, "backref")
    return SentenceSource()

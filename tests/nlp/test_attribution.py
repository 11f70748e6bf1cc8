"""Quotes, reported speech and back-references in en/ru/ja (sentences written for these tests)."""

from __future__ import annotations

import pytest

from nlp.attribution import attribute, find_quotes
from nlp.linking import Linker, load_kb
from nlp.segment import segment


@pytest.fixture(scope="module")
def linker():
    return Linker(load_kb())


def _speakers(linker, text: str, lang: str) -> list[tuple[str | None, str | None]]:
    sents = segment(text, lang)
    ents = []
    from nlp.schema import EntityMention

    for m in linker.link(text, lang):
        ents.append(EntityMention(start=m.start, end=m.end, text=m.text, label=m.label, kb_id=m.kb_id, name=m.name, score=m.score))
    att = attribute(text, sents, ents, lang)
    return [(s.speaker, s.kb_id) for s in att.sentences]


def test_quote_styles_are_found():
    text = 'He wrote "this is a plain quote here", then “a curly one here”, «русская цитата здесь» and 「日本語の引用です」.'
    spans = [text[q.start : q.end] for q in find_quotes(text)]
    assert spans == ["this is a plain quote here", "a curly one here", "русская цитата здесь", "日本語の引用です"]


def test_english_cue_verbs_and_back_reference(linker):
    text = ("Sanctions will stay in place, Vladimir Putin said on Friday. "
            "He added that trade with Asia would grow. "
            "The measures have been in force since 2022.")
    got = _speakers(linker, text, "en")
    assert got[0] == ("Vladimir Putin", "Q7747")
    assert got[1] == ("Vladimir Putin", "Q7747")
    assert got[2] == (None, None)


def test_english_according_to_and_outlets(linker):
    got = _speakers(linker, "According to TASS, Japan quietly eased several export bans.", "en")
    assert got[0][0] == "TASS" and got[0][1]


def test_multi_sentence_quote(linker):
    text = ('Vladimir Putin was blunt. "We see no change in Japan. The sanctions remain. Nothing has been lifted," Putin told reporters.')
    got = _speakers(linker, text, "en")
    assert got[0] == (None, None)
    assert all(s == "Putin" for s, _ in got[1:])


def test_russian_reported_speech(linker):
    text = "По словам Путина, Япония не отменяла санкции. «Санкции никто не снимал», — заявил Путин."
    got = _speakers(linker, text, "ru")
    assert got[0][1] == "Q7747"
    assert got[1][1] == "Q7747"


def test_japanese_reported_speech(linker):
    text = "石破茂首相は、制裁を維持すると述べた。NHKによると、政府は追加措置を検討している。"
    got = _speakers(linker, text, "ja")
    assert got[0][0] == "石破茂"
    assert got[1][0] == "NHK"

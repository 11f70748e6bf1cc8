from nlp.baselines.keywords import KeywordBaseline
from nlp.taxonomy import load_taxonomy
from tests.nlp.test_taxonomy import TINY


def frames(kb, text, lang):
    return {(h.frame, h.stance, h.source) for h in kb.predict(text, lang)}


def test_cues_in_three_languages_with_stance_and_source():
    kb = KeywordBaseline(load_taxonomy())
    assert frames(kb, "Bloggers claimed that Tokyo eased the ban.", "en") == {("sanctions_eased", "endorse", "source")}
    assert frames(kb, "Tokyo has not eased anything.", "en") == {("sanctions_eased", "contest", "author")}
    assert frames(kb, "Is this the end of sanctions?", "en") == {("sanctions_eased", "neutral", "author")}
    assert ("sanctions_eased", "endorse", "author") in frames(kb, "Япония смягчила ограничения.", "ru")
    assert ("territorial_dispute", "endorse", "author") in frames(kb, "北方領土の交渉は停滞している。", "ja")
    assert kb.predict("The festival opened on Sunday.", "en") == []


def test_works_with_any_taxonomy_that_has_cues():
    from nlp.taxonomy import load_taxonomy as load

    kb = KeywordBaseline(load(TINY))
    assert {h.frame for h in kb.predict("Bills went up and imports fell.", "en")} == {"cost_burden", "energy_security"}
    assert kb.predict("Какие-то слова.", "ru") == []

from nlp.langid import detect_language


def test_detects_the_three_languages():
    assert detect_language("Japan has kept its sanctions on Russia, the minister said on Tuesday.").lang == "en"
    assert detect_language("Песков заявил, что отношения с Японией находятся в плачевном состоянии.").lang == "ru"
    assert detect_language("官房長官は記者会見で、ロシアに対する制裁を維持する考えを示した。").lang == "ja"


def test_english_text_quoting_japanese_stays_english():
    text = ("The agency ran the headline 日本は制裁対象外 on its front page, and the story was picked up by "
            "several outlets in Europe and the United States within hours of the announcement.")
    assert detect_language(text).lang == "en"


def test_no_letters_is_undetermined():
    guess = detect_language("12 345 — 67%")
    assert guess.lang == "und" and guess.score == 0.0

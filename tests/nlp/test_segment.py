from nlp.segment import segment


def units(text, lang):
    return [(text[s.start : s.end], s.kind) for s in segment(text, lang)]


def test_english_sentences_headings_and_list_items():
    text = "Tokyo holds the line\n\nMr. Iwaya spoke on Tuesday. He said the U.S. agreed.\n  • Mazda Flair, Carol;\n"
    assert units(text, "en") == [
        ("Tokyo holds the line", "heading"),
        ("Mr. Iwaya spoke on Tuesday.", "sentence"),
        ("He said the U.S. agreed.", "sentence"),
        ("Mazda Flair, Carol;", "list_item"),
    ]


def test_offsets_index_the_text():
    text = "  First one here.  Second one?\nThird line!"
    for seg in segment(text, "en"):
        piece = text[seg.start : seg.end]
        assert piece == piece.strip() and piece


def test_russian_abbreviations_and_dialogue_dash():
    text = "Песков заявил: «Ничего нового». Т.е. всё по-прежнему. В 2023 г. рост составил 6,2%.\n— Альтернативы нет, — сказал эксперт."
    assert units(text, "ru") == [
        ("Песков заявил: «Ничего нового».", "sentence"),
        ("Т.е. всё по-прежнему.", "sentence"),
        ("В 2023 г. рост составил 6,2%.", "sentence"),
        ("Альтернативы нет, — сказал эксперт.", "quote"),
    ]


def test_japanese_keeps_quoted_sentences_whole():
    text = "首相は「制裁は続く。圧力も強める。」と述べた。北方領土問題は？　交渉は停滞している。"
    assert [u for u, _ in units(text, "ja")] == [
        "首相は「制裁は続く。圧力も強める。」と述べた。",
        "北方領土問題は？",
        "交渉は停滞している。",
    ]


def test_quoted_line_is_its_own_unit():
    text = "The minister was blunt.\n“We will not change course.”\nReporters left."
    assert ("“We will not change course.”", "quote") in units(text, "en")


def test_unknown_language_falls_back():
    assert units("Die Regierung hat entschieden. Es bleibt dabei.", "de") == [
        ("Die Regierung hat entschieden.", "sentence"),
        ("Es bleibt dabei.", "sentence"),
    ]

from nlp.textnorm import match_key, normalize


def test_normalize_maps_back_to_original_offsets():
    text = "«Кремль»\u00a0заявил: ﬁne — ok"
    norm = normalize(text)
    assert norm.text == '"Кремль" заявил: fine - ok'
    i = norm.text.index("fine")
    assert norm.to_original(i, i + 4) == (text.index("ﬁne"), text.index("ﬁne") + 3)
    j = norm.text.index("заявил")
    assert text[slice(*norm.to_original(j, j + 6))] == "заявил"


def test_combining_marks_compose():
    text = "Cafe\u0301 Tokyo"
    norm = normalize(text)
    assert norm.text == "Café Tokyo"
    k = norm.text.index("Tokyo")
    assert text[slice(*norm.to_original(k, k + 5))] == "Tokyo"


def test_match_key_folds_case_quotes_space_and_yo():
    assert match_key("  Ещё   “Share”  ") == 'еще "share"'

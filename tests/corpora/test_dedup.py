from corpora.dedup import DuplicateIndex

BASE = (
    "Japan will keep its sanctions on Russia in place until there is a just and lasting peace in Ukraine, "
    "the chief cabinet secretary told reporters on Tuesday. Our position has not changed, he said, and Japan "
    "will continue to act together with the Group of Seven. The government is also preparing to add several "
    "trading companies to its asset freeze list, according to two officials familiar with the plan."
)


def test_exact_duplicate_ignores_case_and_spacing():
    idx = DuplicateIndex()
    assert idx.check("a", BASE) is None
    match = idx.check("b", "  " + BASE.upper().replace(" ", "  "))
    assert match.of == "a" and match.exact


def test_syndicated_copy_with_a_credit_line_is_a_near_duplicate():
    idx = DuplicateIndex()
    idx.check("a", BASE)
    match = idx.check("b", BASE + " This story was distributed by Pacific Wire.")
    assert match is not None and not match.exact and match.of == "a"
    assert match.similarity >= 0.8


def test_different_stories_are_not_duplicates():
    idx = DuplicateIndex()
    idx.check("a", BASE)
    other = ("Russian bombers flew over the Sea of Japan for seven hours on Monday, and fighter jets were "
             "scrambled twice, the defence ministry said, adding that the flights came days after joint drills.")
    assert idx.check("b", other) is None


def test_japanese_uses_character_shingles():
    idx = DuplicateIndex()
    ja = "官房長官は記者会見で、ロシアに対する制裁を当面維持する考えを示した。" * 4
    idx.check("a", ja)
    match = idx.check("b", ja + "（共同）")
    assert match is not None and match.of == "a"

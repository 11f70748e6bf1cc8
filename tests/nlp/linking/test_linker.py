"""The linker on each language, with metonyms, inflection, ambiguity and NIL mentions.

The sentences here are written for these tests; the gold set in corpora/linking is kept apart
for evaluation.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nlp.cli.main import app
from tests.nlp.linking.conftest import links

JAPAN_GOV, RUSSIA_GOV = "Q1190574", "Q1140115"
TOKYO_CITY, MOSCOW_CITY = "Q1490", "Q649"


def test_english_people_and_metonyms(linker):
    got = links(linker, "Tokyo announced fresh export controls on Monday, and Moscow promised to retaliate, Vladimir Putin said.", "en")
    assert got["Tokyo"] == JAPAN_GOV
    assert got["Moscow"] == RUSSIA_GOV
    assert got["Vladimir Putin"] == "Q7747"


def test_english_literal_place(linker):
    got = links(linker, "The delegation landed in Tokyo late at night after a long flight from Moscow.", "en")
    assert got["Tokyo"] == TOKYO_CITY
    assert got["Moscow"] == MOSCOW_CITY


def test_english_unknown_person_is_nil_with_a_type(linker):
    mentions = linker.link("Analyst Harriet Quenby-Marsh doubted the measures would bite.", "en")
    nil = [m for m in mentions if m.text == "Harriet Quenby-Marsh"]
    assert nil and nil[0].kb_id is None and nil[0].label == "PER"


def test_russian_inflected_forms_link(linker):
    got = links(linker, "По словам Путина, отношения с Японией зашли в тупик, а в Токио заявили, что санкции останутся.", "ru")
    assert got["Путина"] == "Q7747"
    assert got["Японией"] == "Q17"
    assert got["Токио"] == JAPAN_GOV


def test_japanese_names_without_spaces(linker):
    got = links(linker, "石破茂首相は、ロシアに対する制裁を維持すると述べた。", "ja")
    assert got["石破茂"] == "Q1335527"
    assert got["ロシア"] == "Q159"


def test_japanese_metonym_and_literal(linker):
    assert links(linker, "東京は対ロ制裁の継続を決めた。", "ja")["東京"] == JAPAN_GOV
    assert links(linker, "東京で国際会議が開かれた。", "ja")["東京"] == TOKYO_CITY


def test_spacy_native_results(linker):
    nlp = linker.pipeline("en")
    assert "framing_linker" in nlp.pipe_names
    doc = nlp("The Kremlin rejected the proposal.")
    ents = [(e.text, e.kb_id_) for e in doc.ents]
    assert ents and ents[0][0] == "Kremlin" and ents[0][1]
    assert 0 < doc.ents[0]._.link_score <= 1


def test_link_cli_json_shape():
    result = CliRunner().invoke(app, ["link", "--json", "--lang", "en", "Moscow and Tokyo traded accusations."])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.strip().splitlines()[0])
    assert set(row) == {"text", "lang", "entities"}
    assert set(row["entities"][0]) == {"start", "end", "text", "label", "kb_id", "name", "score"}
    for e in row["entities"]:
        assert row["text"][e["start"] : e["end"]] == e["text"]


def test_link_cli_file_with_a_bad_line(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"text": "Putin met Kishida.", "lang": "en"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["link", "--json", "--file", str(f)])
    assert result.exit_code == 0
    assert f"{f}:2: expected a JSON object" in result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 1 and rows[0]["entities"]


def test_name_spans_keep_their_article_and_abbreviation_dot(linker):
    mentions = {m.text: m.kb_id for m in linker.link("The Moscow Times quoted U.S. officials.", "en")}
    assert mentions.get("The Moscow Times") == "Q1202611"
    assert mentions.get("U.S.") == "Q30"


def test_a_unique_name_survives_a_wrong_ner_type(linker):
    # the small English NER model often labels a surname ORG; a name only one entity has still links
    got = links(linker, "Taro Kono held talks with Lavrov in 2018.", "en")
    assert got["Lavrov"] == "Q58217"


def test_institutions_named_around_a_country_are_one_mention(linker):
    # the whole phrase is the mention: linked when the KB has the institution, NIL otherwise,
    # and the country inside it is not a mention of its own
    got = links(linker, "Japan's Foreign Ministry said nothing, but Russia's central bank reacted within hours.", "en")
    assert got == {"Japan's Foreign Ministry": None, "Russia's central bank": "Q806651"}
    got = links(linker, "Минобороны России промолчало, а японский МИД выразил протест.", "ru")
    assert got == {"Минобороны России": None, "японский МИД": None}
    got = links(linker, "ロシア外務省は日本大使を呼び出し、サハリン2の扱いを協議した。", "ja")
    assert got.get("ロシア外務省", "missing") is None and "ロシア" not in got
    assert got.get("サハリン2", "missing") is None and "サハリン" not in got


def test_lower_case_government_phrases_link_in_russian(linker):
    got = links(linker, "Как заявили в правительстве России, позиция японского правительства не изменилась.", "ru")
    assert got["правительстве России"] == "Q1140115"
    assert got["японского правительства"] == JAPAN_GOV


def test_a_capital_standing_for_a_government_outside_the_kb_stays_nil(linker):
    got = links(linker, "Berlin said it would not support the proposal, while Tokyo stayed silent.", "en")
    assert got["Berlin"] is None
    assert got["Tokyo"] == JAPAN_GOV
    assert links(linker, "The delegation flew on to Berlin for talks.", "en")["Berlin"] == "Q64"


def test_a_full_name_outside_the_kb_does_not_borrow_a_known_surname(linker):
    got = links(linker, "Akie Abe attended the ceremony in a private capacity.", "en")
    assert got["Akie Abe"] is None

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlp.cli.main import app
from nlp.linking import KBError, load_kb, validate_kb
from nlp.linking.keys import name_key

runner = CliRunner()

ENTRY = {"id": "Q1", "type": "GPE", "name": "Testland", "aliases": {"en": ["Testland"], "ru": ["Тестландия"], "ja": ["テストランド"]},
         "description": "a test country", "metonyms": {"en": [], "ru": [], "ja": []}}


def test_bundled_kb_is_valid_and_large_enough():
    kb, errors, _ = validate_kb()
    assert errors == []
    assert len(kb) >= 200
    stats = kb.stats()
    assert stats["missing_language"]["en"] == 0


def test_bundled_kb_has_the_governments_the_issue_names(kb):
    assert kb.get("Q1190574").name == "Government of Japan"
    assert kb.get("Q1140115").name == "Government of Russia"
    assert "Tokyo" in kb.get("Q1190574").metonyms["en"]


def test_russian_keys_reach_inflected_forms():
    assert name_key("Пескова", "ru") == name_key("Песков", "ru")
    assert name_key("Японии", "ru") == name_key("Япония", "ru")
    assert name_key("Правительства России", "ru") == name_key("Правительство России", "ru")
    assert name_key("the U.S.", "en") == name_key("US", "en")


def test_bad_line_is_one_clear_error_and_the_rest_loads(tmp_path):
    f = tmp_path / "kb.jsonl"
    bad_id = dict(ENTRY, id="X7")
    f.write_text(json.dumps(ENTRY) + "\n{not json\n" + json.dumps(bad_id) + "\n" + json.dumps(ENTRY) + "\n", encoding="utf-8")
    kb = load_kb(f)
    assert len(kb) == 1
    assert kb.errors[0] == f"{f}:2: not valid JSON (Expecting property name enclosed in double quotes)"
    assert kb.errors[1].startswith(f"{f}:3: field id:") and "QID" in kb.errors[1]
    assert kb.errors[2] == f"{f}:4: duplicate id Q1 (Testland)"
    with pytest.raises(KBError):
        load_kb(f, strict=True)


def test_cli_validate_and_stats(tmp_path):
    result = runner.invoke(app, ["kb", "validate"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    f = tmp_path / "kb.jsonl"
    twice = dict(ENTRY, aliases={"en": ["Testland", "Testland"], "ru": [], "ja": []})
    f.write_text(json.dumps(twice) + "\n" + '{"id": "Q2"}\n', encoding="utf-8")
    result = runner.invoke(app, ["kb", "validate", str(f)])
    assert result.exit_code == 1
    assert f"{f}:2: field type: Field required" in result.output
    assert "alias 'Testland' listed 2 times in en" in result.output
    result = runner.invoke(app, ["kb", "stats", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["entities"] >= 200


def test_missing_kb_is_an_error(tmp_path):
    with pytest.raises(KBError, match="not found"):
        load_kb(tmp_path / "nope.jsonl")

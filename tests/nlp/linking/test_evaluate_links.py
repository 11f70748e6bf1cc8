"""`framing evaluate-links`: the scoring itself on hand-made cases, and both gold formats end to end."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nlp.cli.main import app
from nlp.linking.evaluate import GoldText, evaluate_linking, read_gold
from nlp.linking.linker import Mention


def _m(start, end, text, kb_id):
    m = Mention(start, end, text)
    m.kb_id = kb_id
    return m


def test_scores_span_and_qid_metonyms_and_nil():
    text = "Tokyo said Ivan Petrov met Putin in Moscow."
    gold = [GoldText("s1", "en", text, [
        {"start": 0, "end": 5, "text": "Tokyo", "qid": "Q1190574", "metonym": True, "tags": ["metonym"]},
        {"start": 11, "end": 22, "text": "Ivan Petrov", "qid": None, "tags": ["nil"]},
        {"start": 27, "end": 32, "text": "Putin", "qid": "Q7747"},
        {"start": 36, "end": 42, "text": "Moscow", "qid": "Q649", "tags": ["literal"]},
    ])]
    pred = [_m(0, 5, "Tokyo", "Q1490"), _m(11, 22, "Ivan Petrov", None), _m(27, 32, "Putin", "Q7747"),
            _m(36, 42, "Moscow", "Q649"), _m(16, 22, "Petrov", "Q999")]
    r = evaluate_linking(gold, lambda t, lang: pred)
    assert r["overall"] == {"precision": round(2 / 4, 4), "recall": round(2 / 3, 4), "f1": round(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3), 4),
                            "tp": 2, "predicted": 4, "gold": 3}
    assert r["metonym_accuracy"] == 0.0 and r["metonyms"] == 1
    assert r["nil_accuracy"] == 0.0 and r["nil_detected"] == 1.0  # detected as NIL, but a link overlaps it
    assert r["by_tag"]["literal"] == {"accuracy": 1.0, "mentions": 1}


def test_document_format_ignores_unverified_mentions(tmp_path):
    (tmp_path / "a.txt").write_text("Moscow and the Far East.", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a.txt", "unit": 0, "mentions": [
        {"start": 0, "end": 6, "text": "Moscow", "qid": "Q649", "name": "Moscow"},
        {"start": 15, "end": 23, "text": "Far East", "qid": None, "name": "Russian Far East"}]}) + "\n", encoding="utf-8")
    items, errors = read_gold(gold, tmp_path, "en")
    assert errors == [] and items[0].document
    r = evaluate_linking(items, lambda t, lang: [_m(0, 6, "Moscow", "Q649"), _m(15, 23, "Far East", "Q1")])
    assert r["overall"]["precision"] == 1.0 and r["overall"]["recall"] == 1.0


def test_cli_on_a_small_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "lang": "en", "text": "Vladimir Putin met Shinzo Abe.", "mentions": [
            {"start": 0, "end": 14, "text": "Vladimir Putin", "qid": "Q7747"}, {"start": 19, "end": 29, "text": "Shinzo Abe", "qid": "Q132345"}]},
        {"id": "2", "lang": "ru", "text": "Путина критикуют.", "mentions": [{"start": 0, "end": 6, "text": "Путина", "qid": "Q7747", "tags": ["inflected"]}]},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["evaluate-links", "--data", str(gold), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{gold}:3: expected a JSON object" in result.output
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["overall"]["f1"] == 1.0 and set(r["by_language"]) == {"en", "ru"}
    assert r["texts_per_second"] > 0


def test_cli_on_the_seed_gold_runs(seeds_dir):
    gold = seeds_dir.parent / "gold" / "seeds.entities.jsonl"
    result = CliRunner().invoke(app, ["evaluate-links", "--data", str(gold), "--docs", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    assert "metonym accuracy" in result.output

import json

from corpora.labelled import DEFAULT_LABELLED
from nlp.taxonomy import load_taxonomy
from tests.corpora.test_labelled import TINY_DATA
from tests.nlp.cli.test_corpus_cli import run
from tests.nlp.test_taxonomy import TINY
from training.evaluate import evaluate_file


def test_keyword_baseline_on_the_bundled_test_split():
    results = evaluate_file(DEFAULT_LABELLED, load_taxonomy(), "test")
    kw = results["results"]["keywords"]
    assert results["sentences"] == 614
    assert set(kw["frames"]) == set(load_taxonomy().frame_ids)
    assert 0.0 < kw["macro_f1"] < 1.0 and set(kw["by_lang"]) == {"en", "ru", "ja"}


def test_evaluate_command_with_another_taxonomy_writes_json(tmp_path):
    out = tmp_path / "eval.json"
    result = run("evaluate", "--data", str(TINY_DATA), "--taxonomy", str(TINY), "--split", "all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    kw = data["results"]["keywords"]
    assert data["sentences"] == 7 and data["taxonomy"] == "tiny-energy@0.1"
    assert kw["frames"]["energy_security"]["f1"] == 1.0
    assert "energy_security" in result.stdout


def test_evaluate_on_an_empty_split_is_a_clear_error():
    result = run("evaluate", "--data", str(TINY_DATA), "--taxonomy", str(TINY), "--split", "nosuch")
    assert result.returncode == 1 and "no labelled sentences in split 'nosuch'" in result.stderr


def test_evaluate_writes_one_prediction_row_per_sentence(tmp_path):
    preds = tmp_path / "preds.jsonl"
    result = run("evaluate", "--data", str(TINY_DATA), "--taxonomy", str(TINY), "--split", "all", "--predictions", str(preds))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 7 and "(7 sentences)" in " ".join(result.stderr.split())
    for row in rows:
        assert {"doc_id", "sent_id", "lang", "text", "gold", "keywords", "keywords_missed", "keywords_extra"} <= set(row)
        gold, found = {g["frame"] for g in row["gold"]}, {h["frame"] for h in row["keywords"]}
        assert row["keywords_missed"] == sorted(gold - found) and row["keywords_extra"] == sorted(found - gold)
    assert any(row["gold"] for row in rows)

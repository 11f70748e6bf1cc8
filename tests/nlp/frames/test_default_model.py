"""The shipped default model, run for real: offline, in three languages, from a fresh process."""

import json
import os

from nlp.frames.classifier import DEFAULT_MODEL_DIR
from tests.nlp.cli.test_corpus_cli import FRAMING

import subprocess

OFFLINE = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def test_default_model_is_small_enough_for_git():
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.rglob("*") if p.is_file())
    assert 0 < size < 20 * 1024 * 1024
    meta = json.loads((DEFAULT_MODEL_DIR / "framing_model.json").read_text())
    # small because it keeps only what training changed on top of the bundled base: an adapter or a quantised change
    assert meta.get("storage", "adapter") in ("adapter", "delta-int4", "delta-int8") and meta["base_model"] == "e5-small"
    assert (DEFAULT_MODEL_DIR / "README.md").is_file()


def test_classify_three_languages_with_the_default_model():
    texts = [
        "The government said the sanctions on Russia will remain in place until the war ends.",
        "Переговоры о мирном договоре и поездки бывших жителей на южные Курилы заморожены.",
        "ロシア軍の爆撃機が日本海上空を飛行し、航空自衛隊の戦闘機が緊急発進した。",
        "The weather in Osaka was sunny on Sunday.",
    ]
    result = subprocess.run([FRAMING, "classify", "--json", *texts], capture_output=True, text=True, timeout=600, env=OFFLINE)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["lang"] for r in rows] == ["en", "ru", "ja", "en"]
    assert [r["text"] for r in rows] == texts
    frames = [{f["frame"] for f in r["frames"]} for r in rows]
    assert "sanctions_maintained" in frames[0]
    assert "territorial_dispute" in frames[1]
    assert "russia_threat" in frames[2]
    assert frames[3] == set()
    for row in rows:
        for f in row["frames"]:
            assert set(f) == {"frame", "stance", "score", "source"} and 0.0 <= f["score"] <= 1.0

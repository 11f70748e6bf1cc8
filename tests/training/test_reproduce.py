"""The shipped default model is reproducible from its recipe (slow: about 21 minutes on 2 CPU cores; run with --slow)."""

import json

import pytest

from nlp.frames.classifier import DEFAULT_MODEL_DIR
from tests.conftest import REPO
from training.config import TrainConfig
from training.train import train


@pytest.mark.slow
def test_default_recipe_reproduces_the_shipped_metrics(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    config = TrainConfig.from_yaml(REPO / "training" / "configs" / "default.yaml", output_dir=str(tmp_path / "model"))
    results = train(config.model_copy(update={"eval_sets": {}}), progress=False)
    shipped = json.loads((DEFAULT_MODEL_DIR / "metrics.json").read_text())["test"]["results"]["model"]
    again = results["test"]["results"]["model"]
    assert abs(again["macro_f1"] - shipped["macro_f1"]) <= 0.02
    assert abs(again["stance"]["macro_f1"] - shipped["stance"]["macro_f1"]) <= 0.02

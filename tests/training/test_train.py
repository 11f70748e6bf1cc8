"""`framing train` end to end on a tiny corpus with a tiny config-built model, then its outputs checked."""

import json

from tests.nlp.cli.test_corpus_cli import run
from tests.training.conftest import write_config, write_tiny_corpus


def test_train_full_writes_a_model_folder_that_classifies_and_evaluates(tiny_setup, tmp_path):
    out = tmp_path / "model"
    config = write_config(tmp_path / "tiny.yaml", tiny_setup, out)
    result = run("train", "--config", str(config))
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("framing_model.json", "heads.safetensors", "taxonomy.yaml", "README.md", "metrics.json", "encoder/model.safetensors"):
        assert (out / name).is_file(), name
    meta = json.loads((out / "framing_model.json").read_text())
    assert meta["frame_ids"] == ["cost_burden", "green_growth", "energy_security"] and meta["stance_ids"] == ["pro", "anti"]
    assert set(meta["thresholds"]) == set(meta["frame_ids"])

    metrics = json.loads((out / "metrics.json").read_text())["test"]
    model, keywords = metrics["results"]["model"], metrics["results"]["keywords"]
    assert metrics["sentences"] == 12 and metrics["taxonomy"] == "tiny-energy@0.1"
    assert set(model["frames"]) == {"cost_burden", "green_growth", "energy_security"}
    assert {"micro_f1", "macro_f1", "stance", "attribution", "by_lang"} <= set(model)
    assert model["macro_f1"] >= 0.6, model  # the tiny model learns the lexical frames
    assert 0.0 <= keywords["macro_f1"] <= 1.0 and "zero-shot" in metrics["results"]

    # The card states the numbers `framing evaluate` prints for the saved model.
    card = (out / "README.md").read_text()
    assert f"| frame macro-F1 | {model['macro_f1']:.3f} |" in card
    evaluated = run("evaluate", "--model", str(out), "--data", str(tiny_setup["corpus"]), "--json")
    assert evaluated.returncode == 0, evaluated.stderr
    assert json.loads(evaluated.stdout)["results"]["model"]["macro_f1"] == model["macro_f1"]

    classified = run("classify", "--model", str(out), "--json", "Gas imports to the north fell, the minister said.", "A new museum opened.")
    assert classified.returncode == 0, classified.stderr
    first, second = [json.loads(line) for line in classified.stdout.splitlines()]
    assert first["lang"] == "en" and first["text"].startswith("Gas imports")
    for frame in first["frames"]:
        assert set(frame) == {"frame", "stance", "score", "source"} and frame["stance"] in ("pro", "anti")
    assert "energy_security" in {f["frame"] for f in first["frames"]}
    table = run("classify", "--model", str(out), "Gas imports to the north fell [sic].")
    assert table.returncode == 0 and "energy_security (" in table.stdout and "[sic]" in table.stdout


def test_full_training_can_keep_the_word_embeddings_fixed(tiny_setup, tmp_path):
    from safetensors.torch import load_file

    out = tmp_path / "frozen"
    config = write_config(tmp_path / "frozen.yaml", tiny_setup, out, epochs=1, freeze_embeddings=True)
    result = run("train", "--config", str(config))
    assert result.returncode == 0, result.stderr[-2000:]
    base, tuned = load_file(tiny_setup["base"] / "model.safetensors"), load_file(out / "encoder" / "model.safetensors")
    word, layer = "embeddings.word_embeddings.weight", "encoder.layer.0.attention.self.query.weight"
    assert (tuned[word] == base[word]).all()  # fixed
    assert not (tuned[layer] == base[layer]).all()  # trained
    assert "(word embeddings frozen)" in (out / "README.md").read_text()


def test_full_training_can_save_only_the_quantised_change_from_the_base(tiny_setup, tmp_path):
    import shutil

    from safetensors.torch import load_file, save_file

    out = tmp_path / "delta"
    config = write_config(tmp_path / "delta.yaml", tiny_setup, out, freeze_embeddings=True, encoder_storage="delta-int4")
    result = run("train", "--config", str(config))
    assert result.returncode == 0, result.stderr[-2000:]
    assert (out / "encoder_delta.safetensors").is_file() and not (out / "encoder").exists()
    meta = json.loads((out / "framing_model.json").read_text())
    assert meta["storage"] == "delta-int4" and meta["adapter"] is False
    # 4 bits per changed weight: far smaller than the float32 encoder (the frozen word embeddings are not stored at all)
    base_bytes = (tiny_setup["base"] / "model.safetensors").stat().st_size
    assert (out / "encoder_delta.safetensors").stat().st_size < base_bytes / 4
    card = (out / "README.md").read_text()
    assert "quantised to 4 bits" in card and "loads only on top of the very same base weights" in card
    # the numbers in the card are those of the saved (quantised) model
    model = json.loads((out / "metrics.json").read_text())["test"]["results"]["model"]
    # it learns (about 0.6 here: the tiny tokenizer's vocabulary, trained per session, varies a little) ...
    assert model["macro_f1"] >= 0.5 and f"| frame macro-F1 | {model['macro_f1']:.3f} |" in card
    evaluated = run("evaluate", "--model", str(out), "--data", str(tiny_setup["corpus"]), "--json")
    assert evaluated.returncode == 0, evaluated.stderr
    assert json.loads(evaluated.stdout)["results"]["model"]["macro_f1"] == model["macro_f1"]

    # on top of other base weights the change is refused, with a one-line error
    other = tmp_path / "other-base"
    shutil.copytree(tiny_setup["base"], other)
    weights = load_file(other / "model.safetensors")
    weights["encoder.layer.0.attention.self.query.bias"] += 0.01
    save_file(weights, str(other / "model.safetensors"), metadata={"format": "pt"})
    moved = tmp_path / "moved"
    shutil.copytree(out, moved)
    (moved / "framing_model.json").write_text(json.dumps({**meta, "base_model": str(other)}))
    refused = run("classify", "--model", str(moved), "Solar jobs boom in the west.")
    assert refused.returncode == 2 and "other base weights" in refused.stderr and "Traceback" not in refused.stderr


def test_train_lora_writes_only_an_adapter(tiny_setup, tmp_path):
    # also under bfloat16 autocast, with the keyword weight chosen on dev
    out = tmp_path / "lora"
    # also with weighted stance classes, a shared stance head, and the mean of the last two epochs' weights tried on dev
    config = write_config(tmp_path / "lora.yaml", tiny_setup, out, method="lora", epochs=2, bf16=True, keyword_weights=[1.0, 2.0],
                          lora={"r": 4, "alpha": 8, "target_modules": ["query", "value"]}, stance_class_weights="sqrt", average_last=[2, 5],
                          shared_stance_head=True, loss_weights={"stance": 0.5})
    # and more training sentences from a second file (its train lines only: a dev line there is not used)
    extra = tmp_path / "extra.jsonl"
    rows = [json.loads(line) for line in write_tiny_corpus(tmp_path / "more.jsonl", seed=11).read_text().splitlines()]
    extra.write_text("".join(json.dumps({**r, "doc_id": "extra-" + r["doc_id"]}) + "\n" for r in rows), encoding="utf-8")
    result = run("train", "--config", str(config), "--extra-train", str(extra))
    assert result.returncode == 0, result.stderr[-2000:]
    assert (out / "adapter" / "adapter_model.safetensors").is_file() and not (out / "encoder").exists()
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert size < 2_000_000
    meta = json.loads((out / "framing_model.json").read_text())
    assert meta["keyword_weight"] in (0.0, 1.0, 2.0) and meta["extra"]["config"]["bf16"] is True
    averaging = meta["extra"]["weight_averaging"]  # 5 epochs are more than were run: only the mean of 2 is tried
    assert set(averaging["dev_macro_f1"]) == {"early-stopping pick", "mean of last 2 epochs"}
    assert averaging["chosen"] in averaging["dev_macro_f1"] and f"Weights: {averaging['chosen']}" in (out / "README.md").read_text()
    assert len(list((tmp_path / "lora.checkpoints" / "epoch-weights").glob("epoch-*.safetensors"))) == 2
    assert meta["extra"]["config"]["loss_weights"] == {"frames": 1.0, "stance": 0.5, "source": 0.5, "speaker": 0.5}
    assert meta["extra"]["config"]["extra_train"] == [str(extra)] and f"plus the train split of `{extra}`: 96 training" in (out / "README.md").read_text()
    assert meta["extra"]["train_sentences"] == 96  # 48 train sentences in each file
    assert run("classify", "--model", str(out), "--json", "Solar jobs boom in the west.").returncode == 0

    # a cue word ("bills") raises its frame's score by the keyword weight, on the logit scale
    from nlp.frames.classifier import FrameClassifier

    clf = FrameClassifier.load(out)
    assert clf.network.stance_shared is not None
    clf.meta.thresholds = dict.fromkeys(clf.meta.frame_ids, 0.0)
    clf.meta.keyword_weight = 0.0
    plain = {p.frame: p.score for p in clf.predict("The bills arrived late.", "en")}
    clf.meta.keyword_weight = 2.0
    boosted = {p.frame: p.score for p in clf.predict("The bills arrived late.", "en")}
    assert boosted["cost_burden"] > plain["cost_burden"] and boosted["green_growth"] == plain["green_growth"]


def test_decoding_picks_the_keyword_weight_and_thresholds_on_dev():
    import numpy as np

    from training.train import _tune_decoding

    rng = np.random.default_rng(0)
    labels = (rng.random((200, 2)) < 0.3).astype(int)
    noise = rng.normal(0, 1, (200, 2))
    # the cue words find every positive (and some negatives); the logits alone are weak
    keywords = ((labels == 1) | (rng.random((200, 2)) < 0.1)).astype(float)
    weight, thresholds, _ = _tune_decoding(noise + 0.5 * labels, labels, keywords, ["a", "b"], [1.0, 3.0], True)
    assert weight == 3.0 and set(thresholds) == {"a", "b"}
    # cue words that say nothing about the labels are left out
    weight, _, _ = _tune_decoding(noise + 3 * labels, labels, (rng.random((200, 2)) < 0.5).astype(float), ["a", "b"], [1.0, 3.0], True)
    assert weight == 0.0


def test_stance_weights_favour_the_rarer_stances():
    from corpora.labelled import FrameLabel, LabelledSentence
    from nlp.taxonomy import load_taxonomy
    from training.train import _stance_weights

    taxonomy = load_taxonomy(None)
    frame = taxonomy.frame_ids[0]
    sentences = [LabelledSentence(doc_id="d", sent_id=i, text="x", lang="en", split="train", frames=[FrameLabel(frame=frame, stance=stance)])
                 for i, stance in enumerate(["endorse"] * 9 + ["contest"])]
    assert _stance_weights(sentences, taxonomy) == [1.0, 3.0, 1.0]


def test_layer_lr_decay_lowers_the_rates_of_lower_layers(tiny_setup):
    import pytest
    from transformers import AutoModel

    from nlp.frames.model import FrameStanceModel
    from training.config import TrainConfig
    from training.train import _optimizer, encoder_lr_scales

    names = ["encoder.embeddings.word_embeddings.weight", "encoder.encoder.layer.0.attention.self.query.weight",
             "encoder.encoder.layer.1.output.dense.weight", "encoder.encoder.layer.2.output.dense.bias"]
    assert encoder_lr_scales(names, 0.5) == [0.125, 0.25, 0.5, 1.0]
    assert encoder_lr_scales(names, 1.0) == [1.0] * 4
    # the real network: one group per layer depth plus the heads, with the heads' own rate
    network = FrameStanceModel(AutoModel.from_pretrained(str(tiny_setup["base"]), add_pooling_layer=False), 3, 3)
    config = TrainConfig(method="full", learning_rate=1e-3, head_learning_rate=5e-3, layer_lr_decay=0.5)
    rates = [group["lr"] for group in _optimizer(network, config).param_groups]
    layers = network.encoder.config.num_hidden_layers
    assert rates == pytest.approx([1e-3 * 0.5**k for k in range(layers + 1)] + [5e-3])
    assert len(_optimizer(network, config.model_copy(update={"layer_lr_decay": 1.0})).param_groups) == 2


def test_bad_config_and_bad_data_are_one_line_errors(tiny_setup, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("epochs: -1\n", encoding="utf-8")
    result = run("train", "--config", str(bad))
    assert result.returncode == 2 and "epochs" in result.stderr and "Traceback" not in result.stderr
    data = tmp_path / "data.jsonl"
    data.write_text('{"doc_id": "a", "sent_id": 0, "text": "x", "lang": "en", "split": "train", "frames": [{"frame": "nope", "stance": "pro", "source": "author"}]}\n')
    config = write_config(tmp_path / "c.yaml", tiny_setup, tmp_path / "m", data=str(data))
    result = run("train", "--config", str(config))
    assert result.returncode == 1 and "unknown frame 'nope'" in result.stderr and "Traceback" not in result.stderr
    # an extra training file that reuses a document id of the main data
    config = write_config(tmp_path / "c2.yaml", tiny_setup, tmp_path / "m2", extra_train=[str(tiny_setup["corpus"])])
    result = run("train", "--config", str(config))
    assert result.returncode == 1 and "document 'd1' is also in another input file" in result.stderr and "Traceback" not in result.stderr
    # a setting that only applies to full fine-tuning
    config = write_config(tmp_path / "c3.yaml", tiny_setup, tmp_path / "m3", method="lora", encoder_storage="delta-int4")
    result = run("train", "--config", str(config))
    assert result.returncode == 2 and "encoder_storage applies to method full" in result.stderr and "Traceback" not in result.stderr


def test_every_bundled_recipe_is_valid_and_names_files_that_exist():
    from tests.conftest import REPO
    from training.config import TrainConfig

    recipes = sorted((REPO / "training" / "configs").glob("*.yaml"))
    assert len(recipes) >= 3
    for recipe in recipes:
        config = TrainConfig.from_yaml(recipe)
        for path in [config.data, *config.extra_train]:
            assert (REPO / path).is_file(), f"{recipe.name}: {path}"

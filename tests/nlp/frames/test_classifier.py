import json

import pytest

from nlp.frames.classifier import DEFAULT_MODEL_DIR, ModelLoadError, ModelMeta, _speaker_span, resolve_model_dir
from nlp.frames.context import contexts_for
from nlp.frames.features import label_arrays


def test_meta_round_trip_and_format_check():
    meta = ModelMeta(base_model="e5-small", frame_ids=["a"], stance_ids=["pro"], thresholds={"a": 0.4})
    assert ModelMeta.from_json(json.loads(json.dumps(meta.to_json()))) == meta
    with pytest.raises(ModelLoadError):
        ModelMeta.from_json({"format": "something-else/9"})


def test_model_dir_errors(tmp_path):
    with pytest.raises(ModelLoadError, match="expected a folder written by `framing train`"):
        resolve_model_dir(tmp_path)
    assert resolve_model_dir(None) == DEFAULT_MODEL_DIR == resolve_model_dir("default")


def test_speaker_span_joins_adjacent_tokens():
    text = "Dmitry Peskov said nothing new."
    offsets = [(0, 0), (0, 6), (7, 13), (14, 18), (19, 26), (27, 30), (30, 31), (0, 0)]
    mask = [0, 1, 1, 1, 1, 1, 1, 0]
    probs = [0.0, 0.9, 0.8, 0.1, 0.0, 0.0, 0.0, 0.0]
    assert _speaker_span(text, probs, offsets, mask) == "Dmitry Peskov"
    assert _speaker_span(text, [0.1] * 8, offsets, mask) is None


def test_labels_mark_the_speaker_tokens_and_mask_the_rest():
    text = "Peskov said it was nothing new."
    offsets = [(0, 0), (0, 6), (7, 11), (12, 14), (15, 18), (19, 26), (27, 30), (30, 31), (0, 0), (0, 0)]
    mask = [0, 1, 1, 1, 1, 1, 1, 1, 0, 0]
    labels = label_arrays([{"b": ("contest", "Peskov")}], [text], [offsets], [mask], ["a", "b"], ["endorse", "contest"])
    assert labels["frame_labels"] == [[0, 1]]
    assert labels["stance_labels"] == [[-100, 1]]
    assert labels["source_labels"] == [[-100, 1]]
    assert labels["speaker_labels"] == [[-100, 1, 0, 0, 0, 0, 0, 0, -100, -100]]
    unlabelled = label_arrays([{}], [text], [offsets], [mask], ["a", "b"], ["endorse", "contest"])
    assert set(unlabelled["speaker_labels"][0]) == {-100}


def test_contexts_window():
    assert contexts_for(["a", "b", "c", "d"], 2)[1] == "a … c … d"

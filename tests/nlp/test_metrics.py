from nlp.metrics import evaluate


def test_per_frame_micro_macro_stance_and_attribution():
    gold = [
        {"a": ("endorse", "author"), "b": ("contest", "Peskov")},
        {"a": ("neutral", "author")},
        {},
        {"b": ("endorse", "author")},
    ]
    pred = [
        {"a": ("endorse", "author"), "b": ("contest", "author")},
        {},
        {"a": ("endorse", "author")},
        {"b": ("endorse", "someone")},
    ]
    r = evaluate(gold, pred, ["a", "b", "c"], ["endorse", "contest", "neutral"], langs=["en", "en", "ru", "ru"])
    assert r["frames"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "predicted": 2}
    assert r["frames"]["b"]["f1"] == 1.0
    assert r["frames"]["c"]["support"] == 0
    assert r["macro_f1"] == 0.75  # over frames that occur: a and b
    assert r["micro_f1"] == round(2 * 0.75 * 0.75 / 1.5, 4)
    assert r["stance"]["n"] == 3 and r["stance"]["accuracy"] == 1.0
    assert r["attribution"] == {"n": 3, "accuracy": round(1 / 3, 4), "speaker_n": 0, "speaker_accuracy": None}
    assert r["by_lang"]["en"]["n_sentences"] == 2 and r["by_lang"]["ru"]["macro_f1"] == 0.5


def test_nothing_predicted_is_zero_not_an_error():
    r = evaluate([{"a": ("endorse", "author")}], [{}], ["a"], ["endorse"])
    assert r["macro_f1"] == 0.0 and r["stance"]["accuracy"] == 0.0


def test_agreement_is_symmetric_and_perfect_on_identical_annotations():
    from nlp.metrics import agreement

    a = [{"x": ("endorse", "author")}, {}, {"x": ("contest", "Peskov"), "y": ("neutral", "author")}, {}]
    b = [{"x": ("endorse", "author")}, {"y": ("endorse", "author")}, {"x": ("endorse", "Peskov")}, {}]
    ab, ba = agreement(a, b, ["x", "y"]), agreement(b, a, ["x", "y"])
    assert ab["macro_f1"] == ba["macro_f1"] and ab["mean_kappa"] == ba["mean_kappa"] and ab["stance"]["kappa"] == ba["stance"]["kappa"]
    assert ab["frames"]["x"] == {"first": 2, "second": 2, "both": 2, "f1": 1.0, "kappa": 1.0}
    assert ab["frames"]["y"]["f1"] == 0.0 and ab["attribution"] == {"n": 2, "agreement": 1.0, "kappa": 1.0}
    same = agreement(a, a, ["x", "y"])
    assert same["macro_f1"] == 1.0 and same["mean_kappa"] == 1.0 and same["stance"]["kappa"] == 1.0
    assert agreement([], [], ["x"])["mean_kappa"] is None


def test_docstring_examples_hold():
    import doctest

    import nlp.metrics

    assert doctest.testmod(nlp.metrics).failed == 0

import json
import re

from corpora.labelled import DEFAULT_LABELLED, CorpusTargets, check_targets, corpus_stats, load_labelled, read_labelled
from corpora.readers.base import LoadIssue
from nlp.taxonomy import load_taxonomy
from tests.conftest import REPO
from tests.nlp.test_taxonomy import TINY

TINY_DATA = REPO / "tests" / "fixtures" / "tiny_labelled.jsonl"
PRECISION_BATCH = REPO / "corpora" / "labelled" / "extra" / "precision.sentences.jsonl"


def test_bad_lines_are_named_and_the_rest_reads(tmp_path):
    good = {"doc_id": "d", "sent_id": 0, "text": "Tokyo kept its sanctions.", "lang": "en", "split": "train",
            "frames": [{"frame": "sanctions_maintained", "stance": "endorse", "source": "author"}]}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "frames": [{"frame": "sanctions_lifted", "stance": "endorse", "source": "author"}]}),
        json.dumps({**good, "frames": [{"frame": "sanctions_eased", "stance": "maybe", "source": "author"}]}),
        json.dumps({**good, "split": "validation"}),
        json.dumps({k: v for k, v in good.items() if k != "text"}),
        json.dumps({**good, "frames": [good["frames"][0], good["frames"][0]]}),
        json.dumps({**good, "frames": [{"frame": "sanctions_eased", "stance": "endorse", "source": "author", "x": 1}]}),
    ]
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_labelled(path, load_taxonomy()))
    issues = [str(i) for i in items if isinstance(i, LoadIssue)]
    assert sum(not isinstance(i, LoadIssue) for i in items) == 1
    assert issues[0].startswith(f"{path}:2: malformed JSON")
    assert issues[1] == f"{path}:3: unknown frame 'sanctions_lifted'; taxonomy japan-russia-sanctions 1.0 has: " + ", ".join(load_taxonomy().frame_ids)
    assert issues[2].startswith(f"{path}:4: unknown stance 'maybe'")
    assert issues[3].startswith(f"{path}:5: split:")
    assert issues[4].startswith(f"{path}:6: text: Field required")
    assert "a frame appears twice" in issues[5]
    assert issues[6].startswith(f"{path}:8: frames.0.x:")


def test_gold_style_lines_read_as_test_split(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"doc": "a.txt", "unit": 3, "lang": "en", "start": 0, "end": 5, "text": "Hello", "frames": []}) + "\n", encoding="utf-8")
    (sentence,), issues = load_labelled(path, load_taxonomy())
    assert (sentence.doc_id, sentence.sent_id, sentence.split, issues) == ("a.txt", 3, "test", [])


def test_stats_and_targets_on_a_tiny_corpus():
    tax = load_taxonomy(TINY)
    sentences, issues = load_labelled(TINY_DATA, tax)
    assert issues == []
    stats = corpus_stats(sentences)
    assert (stats.sentences, stats.documents, stats.no_frame, stats.framed, stats.framed_by_source) == (7, 3, 2, 5, 2)
    assert stats.frame_stance["cost_burden/anti"] == 2
    assert stats.frame_stance_lang_split["green_growth/pro/en/test"] == 1
    misses = check_targets(stats, tax, CorpusTargets(sentences=5, documents=3, per_lang={"en": 7}, per_frame_positive=1,
                                                     per_frame_contest=0, per_frame_neutral=0, no_frame_share=0.2, attributed_share=0.3))
    assert misses == []
    assert "documents: 3 < 4" in check_targets(stats, tax, CorpusTargets(documents=4))


def test_bundled_corpus_meets_every_target():
    tax = load_taxonomy()
    sentences, issues = load_labelled(DEFAULT_LABELLED, tax)
    assert issues == []
    stats = corpus_stats(sentences)
    assert check_targets(stats, tax) == []
    # splits are by document: no document is in two splits
    split_of = {}
    for s in sentences:
        assert split_of.setdefault(s.doc_id, s.split) == s.split


def test_extra_training_batch_is_valid_train_only_and_apart_from_the_corpus():
    tax = load_taxonomy()
    extra, issues = load_labelled(PRECISION_BATCH, tax)
    assert issues == [] and len(extra) == 862 and {s.split for s in extra} == {"train"}
    main, _ = load_labelled(DEFAULT_LABELLED, tax)
    assert not {s.doc_id for s in extra} & {s.doc_id for s in main}
    held_out = {s.text for s in main if s.split != "train"}
    assert not [s.text for s in extra if s.text in held_out and len(s.text) > 20]  # stock lines ("Verdict: False.") aside
    docs = [json.loads(line) for line in PRECISION_BATCH.with_name("precision.documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(d["sentences"] for d in docs) == 862 and {d["doc_id"] for d in docs} == {s.doc_id for s in extra}


def test_bundled_corpus_shares_no_long_run_of_words_with_the_seeds(seeds_dir):
    def runs(text, n=10):
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}

    seed_runs = set()
    for path in sorted(seeds_dir.glob("*.txt")):
        seed_runs |= runs(path.read_text(encoding="utf-8"))
    sentences, _ = load_labelled(DEFAULT_LABELLED, load_taxonomy())
    extra, _ = load_labelled(PRECISION_BATCH, load_taxonomy())
    copied = [s.text for s in sentences + extra if runs(s.text) & seed_runs]
    assert copied == []

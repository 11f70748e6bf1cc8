"""The loader on the real seed texts and the bundled sample corpus, and its memory on a large corpus."""

import json
import tracemalloc

from corpora import LoadOptions, LoadReport, iter_documents, load_corpus
from tests.conftest import SHARED

FURNITURE = ["Skip to main content", "Rate this article", "(votes: 3, rating: 5)", "Share this article",
             "Print Читать на русском", "Poll conducted", "You must log in to post a comment", "For researchers",
             "U.S. wants to dissolve Russia", "[3] Russia NOW", "33 (31%)"]


def _squash(text):
    return " ".join(text.split())


def test_seeds_load_with_body_intact_and_furniture_gone(seeds_dir):
    docs, report = load_corpus([seeds_dir])
    assert report.documents == 5 and report.errors == 0
    assert report.languages == {"en": 5}
    by_id = {d.id: d for d in docs}
    # Every gold unit that carries a frame is article body: it must survive cleaning verbatim.
    gold = [json.loads(line) for line in (SHARED / "gold" / "seeds.frames.jsonl").open(encoding="utf-8")]
    body = [g for g in gold if g["frames"]]
    assert len(body) > 200
    for unit in body:
        assert _squash(unit["text"]) in _squash(by_id[unit["doc"]].text), (unit["doc"], unit["text"])
    for doc in docs:
        for junk in FURNITURE:
            assert junk not in doc.text, (doc.id, junk)
    assert report.removed_lines["duplicate_paragraph"] >= 1
    lead = "The invigoration of dialogue between Moscow and Tokyo"
    assert by_id["002_fcc1f0e01d5e11ae.txt"].text.count(lead) == 1
    assert {"poll", "rating", "share", "references", "card_number", "comments", "skip_link"} <= set(report.removed_lines)


def test_seed_sentences_have_valid_offsets(seeds_dir):
    for doc in iter_documents([seeds_dir]):
        assert doc.sentences
        last = 0
        for s in doc.sentences:
            assert last <= s.start < s.end <= len(doc.text)
            piece = doc.text[s.start : s.end]
            assert piece == piece.strip()
            last = s.end


def test_sample_corpus(sample_dir):
    docs, report = load_corpus([sample_dir])
    assert report.documents == len(docs) >= 12
    assert set(report.languages) == {"en", "ru", "ja"}
    assert {"cp1251", "koi8_r"} <= {e.replace("-", "_") for e in report.encodings}
    assert report.html_extracted == 1 and report.errors == 0 and report.warnings == 0
    syndicated = next(d for d in docs if "syndicated" in d.id)
    assert syndicated.near_duplicate_of == "sample-en-01"
    cp1251 = next(d for d in docs if d.id == "ru_analysis_symbolic_cp1251.txt")
    assert cp1251.lang == "ru" and "санкционной политики" in cp1251.text


def _peak_bytes(path, n):
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i}", "text": f"Document number {i} says Japan kept sanctions in place. Talks stalled again in round {i}."}) + "\n")
    options = LoadOptions(lang="en", dedup=False)
    tracemalloc.start()
    count = sum(1 for _ in iter_documents([path], options, LoadReport()))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == n
    return peak


def test_memory_does_not_grow_with_corpus_size(tmp_path):
    small = _peak_bytes(tmp_path / "small.jsonl", 300)
    large = _peak_bytes(tmp_path / "large.jsonl", 3000)
    assert large < small * 1.5 + 256_000, (small, large)

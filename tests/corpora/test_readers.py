"""Every reader, on files written here, and every kind of bad input the loader must survive."""

import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpora import LoadOptions, load_corpus

EN = "Japan kept its sanctions on Russia in place, the foreign minister said on Tuesday."
RU = "Песков заявил, что новые ограничения Японии не несут для России ничего неожиданного."


def load(*paths, **options):
    return load_corpus([str(p) for p in paths], LoadOptions(**options))


def test_text_file_header_becomes_metadata(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(f"id: wire-7\ntitle: Tokyo holds\noutlet: Wire\ndate: 2024-11-12\nlang: en\ndesk: world\n---\n{EN}\n", encoding="utf-8")
    (doc,), report = load(path)
    assert (doc.id, doc.title, doc.outlet, doc.date, doc.lang) == ("wire-7", "Tokyo holds", "Wire", "2024-11-12", "en")
    assert doc.meta == {"desk": "world", "path": str(path)}
    assert doc.text == EN
    assert report.errors == 0


def test_markdown_front_matter_and_file_name_id(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(f"---\ntitle: A note\n---\n{EN}\n", encoding="utf-8")
    (doc,), _ = load(path)
    assert doc.id == "note.md" and doc.title == "A note" and doc.text == EN
    assert doc.lang == "en" and doc.lang_score > 0.5


def test_html_main_text_is_extracted(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>T</title><meta name='author' content='Jane Roe'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Tokyo holds the line</h1><p>{EN}</p><p>{EN.replace('Tuesday', 'Friday')}</p></article>"
        "<footer>Copyright 2024. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    (doc,), report = load(path)
    assert EN in doc.text and "Home" not in doc.text and "Copyright" not in doc.text
    assert doc.author == "Jane Roe"
    assert report.html_extracted == 1


def test_jsonl_with_a_malformed_line_and_a_missing_field(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": EN, "outlet": "Wire", "section": "world"}) + "\n"
        + '{"id": "b", "text": "broken\n'
        + json.dumps({"id": "c", "body": EN}) + "\n"
        + json.dumps({"id": "d", "text": RU, "lang": "ru"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    docs, report = load(path)
    assert [d.id for d in docs] == ["a", "d"]
    assert docs[0].meta == {"section": "world"} and docs[0].outlet == "Wire"
    assert report.errors == 2
    assert any(f"{path}:2: malformed JSON" in line for line in report.issues)
    assert any(f"{path}:3: missing text field 'text'" in line for line in report.issues)


def test_text_and_id_fields_are_configurable(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"uid": 42, "body": EN}) + "\n" + json.dumps({"body": EN + " Again."}) + "\n", encoding="utf-8")
    docs, _ = load(path, text_field="body", id_field="uid", dedup=False)
    assert [d.id for d in docs] == ["42", "docs-2"]


def test_json_array_and_data_object(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "x", "text": EN}]), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"data": [{"id": "y", "text": RU}]}, ensure_ascii=False), encoding="utf-8")
    docs, report = load(tmp_path / "a.json", tmp_path / "b.json")
    assert [d.id for d in docs] == ["x", "y"] and report.errors == 0


@pytest.mark.parametrize("suffix,delimiter", [(".csv", ","), (".tsv", "\t")])
def test_csv_and_tsv(tmp_path, suffix, delimiter):
    path = tmp_path / f"docs{suffix}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["id", "text", "outlet", "stance_hint"])
        writer.writerow(["1", EN, "Wire", "x"])
        writer.writerow(["2", "", "Wire", "y"])
        writer.writerow(["3", RU, "Лента", "z"])
    docs, report = load(path)
    assert [d.id for d in docs] == ["1", "3"]
    assert docs[1].outlet == "Лента" and docs[1].meta == {"stance_hint": "z"} and docs[1].lang == "ru"
    assert report.issues == [f"error: {path}:3: field 'text' is empty"]


def test_parquet_is_streamed_with_metadata(tmp_path):
    path = tmp_path / "docs.parquet"
    table = pa.table({"id": ["p1", "p2"], "text": [EN, RU], "date": ["2024-01-02", "2023-05-06"], "score": [1.5, None]})
    pq.write_table(table, path)
    docs, _ = load(path)
    assert [(d.id, d.date, d.meta["score"]) for d in docs] == [("p1", "2024-01-02", 1.5), ("p2", "2023-05-06", None)]


def test_saved_hugging_face_dataset(tmp_path):
    from datasets import Dataset, DatasetDict

    DatasetDict({
        "train": Dataset.from_dict({"id": ["h1"], "text": [EN], "label": [1]}),
        "test": Dataset.from_dict({"id": ["h2"], "text": [RU], "label": [0]}),
    }).save_to_disk(str(tmp_path / "hf"))
    docs, _ = load(tmp_path / "hf")
    assert sorted((d.id, d.meta["split"], d.meta["label"]) for d in docs) == [("h1", "train", 1), ("h2", "test", 0)]
    only, _ = load(tmp_path / "hf", split="test")
    assert [d.id for d in only] == ["h2"]


def test_folders_and_globs(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    docs, report = load(tmp_path)
    assert [d.id for d in docs] == ["a.txt", "b.txt"] and report.errors == 0
    docs, _ = load(tmp_path / "**" / "*.txt")
    assert sorted(d.id for d in docs) == ["a.txt", "b.txt"]


def test_bad_inputs_each_get_one_line_and_the_rest_loads(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(EN, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 300)
    (tmp_path / "huge.txt").write_bytes(b"word " * 10_000_000)  # 50 MB
    (tmp_path / "only_furniture.txt").write_text("Share this article\nRate this article\n", encoding="utf-8")
    (tmp_path / "german.txt").write_text("Die Bundesregierung hat heute neue Sanktionen gegen Russland beschlossen und angekündigt.", encoding="utf-8")
    (tmp_path / "digits.txt").write_text("12 34 56 78 — 90%", encoding="utf-8")
    (tmp_path / "bad.csv").write_bytes(b"id,text\n1,\xff\xfe broken\n")
    docs, report = load(tmp_path, tmp_path / "missing.txt")
    assert sorted(d.id for d in docs) == ["digits.txt", "german.txt", "good.txt"]
    issues = "\n".join(report.issues)
    assert all("\n" not in line for line in report.issues)
    assert f"{tmp_path / 'empty.txt'}: empty file" in issues
    assert f"{tmp_path / 'binary.txt'}: binary file" in issues
    assert f"{tmp_path / 'huge.txt'}: file is 50.0 MB, over the 20.0 MB limit" in issues
    assert f"{tmp_path / 'only_furniture.txt'}: no text left after cleaning" in issues
    assert f"warning: {tmp_path / 'german.txt'}: language 'de' is not one of en, ru, ja" in issues
    assert f"warning: {tmp_path / 'digits.txt'}: language could not be identified" in issues
    assert f"{tmp_path / 'bad.csv'}: cannot read as csv" in issues
    assert f"{tmp_path / 'missing.txt'}: no such file or directory" in issues
    assert report.errors == 6 and report.warnings == 2


def test_oversized_table_row_is_skipped(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "a " * 1_500_000}) + "\n" + json.dumps({"id": "ok", "text": EN}) + "\n", encoding="utf-8")
    docs, report = load(path, max_chars=1_000_000)
    assert [d.id for d in docs] == ["ok"]
    assert report.issues == [f"error: {path}:1: document is 3,000,000 characters, over the 1,000,000 limit (raise --max-chars to load it)"]


def test_hub_names_need_a_prefix_so_typos_never_reach_the_network(tmp_path):
    _, report = load("someone/dataset")
    assert report.issues == ["error: someone/dataset: no such file or directory (hub datasets are named hf:NAME)"]

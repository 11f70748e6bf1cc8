"""Writers: flat rows, appending, and recovery after an interrupted run."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from nlp.output import FLAT_COLUMNS, OutputExistsError, flat_rows, open_writer
from nlp.schema import AnnotatedDocument, FramePrediction, SentenceAnnotation


def doc(i: int) -> AnnotatedDocument:
    text = f"Sentence one of doc {i}.\nSentence two, with a \"quote\"."
    return AnnotatedDocument(
        id=f"d{i}", text=text, outlet="Outlet", lang="en", meta={"k": i},
        sentences=[
            SentenceAnnotation(start=0, end=23, text=text[:23], frames=[
                FramePrediction(frame="sanctions_eased", stance="contest", score=0.9),
                FramePrediction(frame="sanctions_maintained", stance="endorse", score=0.8, source="Meduza")]),
            SentenceAnnotation(start=24, end=len(text), text=text[24:]),
        ],
    )


def test_flat_rows_one_per_sentence_frame():
    rows = flat_rows(doc(1))
    assert [r["frame"] for r in rows] == ["sanctions_eased", "sanctions_maintained", None]
    assert set(rows[0]) == set(FLAT_COLUMNS)
    assert rows[1]["source"] == "Meduza" and rows[0]["doc_id"] == "d1"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_resume_after_a_torn_write_loses_and_duplicates_nothing(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    w = open_writer(out, fmt, flush_every=2)
    for i in range(5):
        w.write(doc(i))
    if fmt == "parquet":
        w._flush()  # noqa: SLF001 - parts 0-4 on disk, then the process "dies" without close()
    else:
        w._fh.write('{"id": "d5", "te' if fmt == "jsonl" else 'd5,"Tit')  # noqa: SLF001 - a torn record
        w._fh.flush()  # noqa: SLF001
    with pytest.raises(OutputExistsError):
        open_writer(out, fmt)
    w = open_writer(out, fmt, resume=True, flush_every=2)
    expected_done = {f"d{i}" for i in range(5)} if fmt != "csv" else {f"d{i}" for i in range(4)}  # CSV redoes the last doc
    assert w.done == expected_done
    for i in range(8):
        if f"d{i}" not in w.done:
            w.write(doc(i))
    w.close()
    if fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
        ids = list(dict.fromkeys(frame["doc_id"]))
        assert len(frame) == 8 * 3
        assert duckdb.sql(f"select count(distinct doc_id) from '{out}'").fetchall()[0][0] == 8
    assert sorted(ids) == [f"d{i}" for i in range(8)]

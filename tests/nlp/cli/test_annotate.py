"""``framing annotate`` end to end with the bundled default model and linker (real inference, real files)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from nlp.cli.main import app

REPO = Path(__file__).resolve().parents[3]
FRAMING = str(Path(sys.executable).with_name("framing"))
MEDUZA = "000_65adda7b96898d0b.txt"


@pytest.fixture(scope="module")
def seeds_annotated(seeds_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("ann") / "seeds.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(seeds_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_jsonl_has_the_full_annotation(seeds_annotated):
    out, output = seeds_annotated
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 5
    for d in docs:
        assert d["versions"]["model"] and d["versions"]["taxonomy_version"]
        for s in d["sentences"]:
            assert d["text"][s["start"] : s["end"]] == s["text"]
        for e in d["entities"]:
            assert d["text"][e["start"] : e["end"]] == e["text"]
        for q in d["quotes"]:
            assert 0 <= q["content"]["start"] < q["content"]["end"] <= len(d["text"])
    assert "annotation summary" in output and "documents annotated" in output and f"wrote {out}" in output
    assert pd.read_json(out, lines=True).shape[0] == 5
    assert duckdb.sql(f"select count(*) from read_json_auto('{out}')").fetchall()[0][0] == 5


def test_meduza_debunk_summary(seeds_annotated):
    out, _ = seeds_annotated
    meduza = next(json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] == MEDUZA)
    eased = meduza["frames"]["sanctions_eased"]
    assert "sanctions_eased" in meduza["dominant_frames"]
    assert eased["author_stance"] == "contest"
    assert eased["endorsed_by"], "the outlets that claimed the lifting should be named"
    assert any("media" in s.lower() for s in eased["endorsed_by"])
    linked = {e["kb_id"] for e in meduza["entities"]}
    assert "Q17" in linked and "Q159" in linked


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_flat_outputs_open_in_pandas_and_duckdb(seeds_dir, tmp_path, fmt):
    out = tmp_path / f"seeds.{fmt}"
    result = CliRunner().invoke(app, ["annotate", str(seeds_dir), "--out", str(out), "--limit", "2"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
    assert frame["doc_id"].nunique() == 2
    assert {"doc_id", "outlet", "lang", "sentence", "frame", "stance", "score", "source"} <= set(frame.columns)
    assert frame["frame"].notna().any()
    con = duckdb.connect()
    n = con.sql(f"select count(*) from '{out}' where frame is not null").fetchall()[0][0]
    assert n == frame["frame"].notna().sum()


def test_existing_output_needs_resume_or_overwrite(sample_dir, tmp_path):
    out = tmp_path / "a.jsonl"
    out.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["annotate", str(sample_dir), "--out", str(out)])
    assert result.exit_code == 2
    assert "--resume" in result.output


def test_bad_documents_are_reported_and_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Japan kept its sanctions on Russia in place.\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(corpus), "--out", str(out), "--no-link"])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.output and "binary.txt" in result.output
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["good.txt"]


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    lines = [json.dumps({"id": f"doc{i:04d}", "text": f"Japan has kept sanctions on Russia for {i} months, officials said.", "lang": "en"}) for i in range(n)]
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_kill_9_then_resume_loses_nothing_and_duplicates_nothing(tmp_path):
    corpus = _corpus(tmp_path / "c", 120)
    out = tmp_path / "out.jsonl"
    cmd = [FRAMING, "annotate", str(corpus), "--out", str(out), "--no-link", "--no-dedup"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 240
    while time.time() < deadline:
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 10:
            break
        if proc.poll() is not None:
            pytest.fail("annotate ended before it could be interrupted")
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    first = out.read_text(encoding="utf-8").count("\n")
    assert 10 <= first < 120
    done = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "already in the output (resume)" in done.stdout
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 120


def test_memory_stays_flat_as_the_corpus_grows(tmp_path):
    from nlp.annotate import run_annotation
    from nlp.pipeline import Annotator, AnnotatorOptions
    from corpora.loader import LoadOptions

    annotator = Annotator.load(options=AnnotatorOptions(link=False))
    peaks = []
    for n in (60, 480):
        corpus = _corpus(tmp_path / f"c{n}", n)
        tracemalloc.start()
        stats, _ = run_annotation([corpus], tmp_path / f"o{n}.jsonl", annotator=annotator,
                                  load_options=LoadOptions(dedup=False))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert stats.documents == n
    assert peaks[1] < peaks[0] * 1.5 + 2_000_000, peaks


def test_worker_processes_write_every_document_once(tmp_path):
    corpus = _corpus(tmp_path / "c", 24)
    out = tmp_path / "out.csv"
    done = subprocess.run([FRAMING, "annotate", str(corpus), "--out", str(out), "--no-link", "--no-dedup", "--workers", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(out)
    assert sorted(frame["doc_id"].unique()) == [f"doc{i:04d}" for i in range(24)]
    assert frame.groupby("doc_id")["sentence_index"].nunique().eq(1).all()

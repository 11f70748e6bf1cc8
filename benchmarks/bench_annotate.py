"""`framing annotate` throughput and memory against a per-document baseline, in one process and run.

Both sides annotate the same documents (copies of the bundled sample corpus, with ids made unique)
into a JSONL file with the same model and linker:

- baseline: one document at a time (`Annotator.annotate`), so each model call sees one document's
  sentences;
- annotate: `run_annotation` as the CLI runs it: documents streamed in groups whose sentences share
  length-bucketed model batches, appended to the output per document.

Peak RSS is read after each pass (it only grows), and the second pass's growth is reported.

    .venv/bin/python benchmarks/bench_annotate.py [--copies 8] [--no-link]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from corpora.loader import LoadOptions, load_corpus
from nlp.annotate import run_annotation
from nlp.pipeline import Annotator, AnnotatorOptions

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=8, help="copies of the 13-document sample corpus")
    parser.add_argument("--no-link", action="store_true", help="leave entity linking out of both sides")
    args = parser.parse_args()
    docs, _ = load_corpus([SAMPLE], LoadOptions(dedup=False))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for c in range(args.copies):
                for d in docs:
                    fh.write(json.dumps({"id": f"{c}-{d.id}", "text": d.text, "lang": d.lang, "outlet": d.outlet}, ensure_ascii=False) + "\n")
        n_docs = args.copies * len(docs)
        annotator = Annotator.load(options=AnnotatorOptions(link=not args.no_link))
        annotator.annotate_many(docs[:3])  # warm-up: model and the three linking pipelines
        for lang in ("en", "ru", "ja"):
            if annotator.linker:
                annotator.linker.pipeline(lang)
        loaded, _ = load_corpus([corpus], LoadOptions(dedup=False))
        rss0 = _rss_mb()

        start = time.perf_counter()
        with (Path(tmp) / "baseline.jsonl").open("w", encoding="utf-8") as out:
            for d in loaded:
                out.write(annotator.annotate(d).model_dump_json() + "\n")
        baseline = time.perf_counter() - start
        rss1 = _rss_mb()

        start = time.perf_counter()
        stats, _ = run_annotation([corpus], Path(tmp) / "out.jsonl", annotator=annotator, load_options=LoadOptions(dedup=False))
        streamed = time.perf_counter() - start
        rss2 = _rss_mb()
    sentences = stats.sentences
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}, Python {platform.python_version()}")
    print(f"linking: {'off' if args.no_link else 'on'}; documents: {n_docs}; sentences: {sentences}")
    print("| documents | one document at a time (docs/s) | framing annotate (docs/s) | annotate sentences/s | ratio | peak RSS after load / baseline / annotate (MB) |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(f"| {n_docs} | {n_docs / baseline:.2f} | {n_docs / streamed:.2f} | {sentences / streamed:.1f} | {baseline / streamed:.2f}x | {rss0:.0f} / {rss1:.0f} / {rss2:.0f} |")


if __name__ == "__main__":
    main()

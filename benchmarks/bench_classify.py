"""Throughput of `FrameClassifier.predict_many` (length-bucketed batches) against the same model called
once per sentence, in the same process and run. Prints a Markdown row; see RESULTS.md.

    .venv/bin/python benchmarks/bench_classify.py [--n 400] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from corpora.labelled import DEFAULT_LABELLED, load_labelled
from nlp.frames.classifier import FrameClassifier
from nlp.taxonomy import load_taxonomy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=400, help="sentences (from the labelled test split)")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    sentences, _ = load_labelled(DEFAULT_LABELLED, load_taxonomy(), "test")
    texts = [s.text for s in sentences][: args.n]
    langs = [s.lang for s in sentences][: args.n]
    clf = FrameClassifier.load()
    clf.predict_many(texts[:16], langs[:16])  # warm-up

    start = time.perf_counter()
    for text, lang in zip(texts, langs):
        clf.predict_many([text], [lang], batch_size=1)
    single = time.perf_counter() - start

    start = time.perf_counter()
    clf.predict_many(texts, langs, batch_size=args.batch_size)
    batched = time.perf_counter() - start

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}, Python {platform.python_version()}")
    print("| sentences | one at a time (s/s) | batched, bucketed (s/s) | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| {len(texts)} | {len(texts) / single:.1f} | {len(texts) / batched:.1f} | {single / batched:.2f}x |")


if __name__ == "__main__":
    main()

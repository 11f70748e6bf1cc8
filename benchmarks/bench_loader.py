"""Throughput of the corpus loader (decode, clean, language ID, segmentation, duplicate flags) against a
plain baseline that only reads and decodes the same files, in the same run. Prints a Markdown row.

    .venv/bin/python benchmarks/bench_loader.py [--copies 40]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from corpora import SAMPLE_CORPUS, LoadOptions, LoadReport, iter_documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40, help="copies of the sample corpus to load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.copies):
            shutil.copytree(SAMPLE_CORPUS, Path(tmp) / f"c{i}")
        files = sorted(p for p in Path(tmp).rglob("*") if p.is_file())

        start = time.perf_counter()
        chars = sum(len(p.read_bytes().decode("utf-8", errors="replace")) for p in files)
        plain = time.perf_counter() - start

        report = LoadReport()
        start = time.perf_counter()
        docs = sum(1 for _ in iter_documents([tmp], LoadOptions(), report))
        loaded = time.perf_counter() - start

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}, Python {platform.python_version()}")
    print("| documents | plain read (docs/s) | loader (docs/s) | loader sentences/s | slowdown vs plain read |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| {docs} | {len(files) / plain:.0f} | {docs / loaded:.1f} | {report.sentences / loaded:.0f} | {loaded / plain:.0f}x |")
    assert chars > 0


if __name__ == "__main__":
    main()

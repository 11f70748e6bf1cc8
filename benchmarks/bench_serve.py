"""Latency and throughput of `framing serve` under concurrency, micro-batching on vs off.

Starts the real server twice on 127.0.0.1 (default model): once with micro-batching (5 ms window,
64 texts), once with `--max-batch 1` (the same model called once per request). At concurrency
1, 8 and 32 it sends one-sentence /v1/classify requests and reports throughput, p50/p95/p99 latency
and the server's peak resident memory. Prints Markdown; see RESULTS.md.

    .venv/bin/python benchmarks/bench_serve.py [--requests 128]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from corpora.labelled import DEFAULT_LABELLED, load_labelled
from nlp.taxonomy import load_taxonomy

FRAMING = shutil.which("framing", path=str(Path(sys.executable).parent)) or "framing"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run(extra: list[str], texts: list[str], concurrencies: list[int]) -> list[tuple[int, float, float, float, float, float]]:
    port = _port()
    proc = subprocess.Popen([FRAMING, "serve", "--port", str(port), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        client = httpx.Client(base_url=base, timeout=300)
        client.post("/v1/classify", json={"texts": texts[:8], "lang": "en"})  # warm-up
        rows = []
        for conc in concurrencies:
            def one(text: str) -> float:
                start = time.perf_counter()
                r = client.post("/v1/classify", json={"texts": [text], "lang": "en"})
                r.raise_for_status()
                return time.perf_counter() - start

            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=conc) as pool:
                latencies = sorted(pool.map(one, texts))
            wall = time.perf_counter() - start
            q = statistics.quantiles(latencies, n=100)
            rows.append((conc, len(texts) / wall, q[49] * 1000, q[94] * 1000, q[98] * 1000, _peak_rss_mb(proc.pid)))
        return rows
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=128)
    args = parser.parse_args()
    sentences, _ = load_labelled(DEFAULT_LABELLED, load_taxonomy(), "test")
    texts = [s.text for s in sentences if s.lang == "en"][: args.requests]
    concurrencies = [1, 8, 32]
    batched = _run([], texts, concurrencies)
    single = _run(["--max-batch", "1"], texts, concurrencies)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}, Python {platform.python_version()}; {len(texts)} one-sentence requests per row")
    print("| concurrency | mode | requests/s | p50 ms | p95 ms | p99 ms | server peak RSS MB | throughput vs unbatched |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for b, s in zip(batched, single):
        print(f"| {s[0]} | one call per request | {s[1]:.1f} | {s[2]:.0f} | {s[3]:.0f} | {s[4]:.0f} | {s[5]:.0f} | 1.00x |")
        print(f"| {b[0]} | micro-batched | {b[1]:.1f} | {b[2]:.0f} | {b[3]:.0f} | {b[4]:.0f} | {b[5]:.0f} | {b[1] / s[1]:.2f}x |")


if __name__ == "__main__":
    main()

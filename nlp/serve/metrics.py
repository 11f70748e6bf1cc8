"""Prometheus text-format metrics: requests, latency histogram, model batch sizes, errors.

A few counters and histograms kept in memory by the one process that serves them; with several
uvicorn workers each reports its own (scrape them separately or aggregate in Prometheus).
"""

from __future__ import annotations

import bisect
from collections import defaultdict

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128)


class Histogram:
    def __init__(self, buckets: tuple[float, ...]) -> None:
        self.buckets = buckets
        self.counts = [0] * (len(buckets) + 1)
        self.total = 0.0
        self.n = 0

    def observe(self, value: float) -> None:
        self.counts[bisect.bisect_left(self.buckets, value)] += 1
        self.total += value
        self.n += 1

    def render(self, name: str, labels: str = "") -> list[str]:
        sep = "," if labels else ""
        lines, running = [], 0
        for bound, count in zip(self.buckets, self.counts):
            running += count
            lines.append(f'{name}_bucket{{{labels}{sep}le="{bound:g}"}} {running}')
        lines.append(f'{name}_bucket{{{labels}{sep}le="+Inf"}} {self.n}')
        lines.append(f"{name}_sum{{{labels}}} {self.total:.6f}" if labels else f"{name}_sum {self.total:.6f}")
        lines.append(f"{name}_count{{{labels}}} {self.n}" if labels else f"{name}_count {self.n}")
        return lines


class Metrics:
    def __init__(self) -> None:
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.latency: dict[str, Histogram] = {}
        self.batch_sizes = Histogram(BATCH_BUCKETS)

    def record_request(self, method: str, path: str, status: int, seconds: float) -> None:
        self.requests[(method, path, status)] += 1
        self.latency.setdefault(path, Histogram(LATENCY_BUCKETS)).observe(seconds)

    def render(self) -> str:
        lines = ["# HELP framing_requests_total HTTP requests by method, path and status.", "# TYPE framing_requests_total counter"]
        for (method, path, status), n in sorted(self.requests.items()):
            lines.append(f'framing_requests_total{{method="{method}",path="{path}",status="{status}"}} {n}')
        errors = sum(n for (_, _, status), n in self.requests.items() if status >= 400)
        lines += ["# HELP framing_request_errors_total Requests answered with a 4xx or 5xx status.",
                  "# TYPE framing_request_errors_total counter", f"framing_request_errors_total {errors}",
                  "# HELP framing_request_duration_seconds Request latency by path.", "# TYPE framing_request_duration_seconds histogram"]
        for path, hist in sorted(self.latency.items()):
            lines += hist.render("framing_request_duration_seconds", f'path="{path}"')
        lines += ["# HELP framing_model_batch_size Texts per model call (after micro-batching).", "# TYPE framing_model_batch_size histogram"]
        lines += self.batch_sizes.render("framing_model_batch_size")
        return "\n".join(lines) + "\n"

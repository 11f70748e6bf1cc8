"""Dynamic micro-batching: concurrent requests share one model call.

Each request puts its texts on a queue and awaits a future. One worker takes what is queued,
waits up to ``window`` seconds for more (until ``max_batch`` texts), runs the model once in a
thread, and hands each request its own slice of the results. Under load this turns many small
calls into a few large, length-bucketed ones; a lone request waits at most the window.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Job:
    texts: Sequence[str]
    langs: Sequence[str | None]
    future: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class MicroBatcher:
    def __init__(self, predict: Callable[[list[str], list[str | None]], list[Any]], window: float = 0.005, max_batch: int = 64,
                 on_batch: Callable[[int], None] | None = None) -> None:
        self._predict = predict
        self._on_batch = on_batch
        self._window = window
        self._max_batch = max_batch
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._worker: asyncio.Task | None = None

    def start(self) -> None:
        self._worker = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass

    async def submit(self, texts: Sequence[str], langs: Sequence[str | None]) -> list[Any]:
        job = _Job(texts, langs)
        await self._queue.put(job)
        return await job.future

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            jobs = [await self._queue.get()]
            size = len(jobs[0].texts)
            deadline = loop.time() + self._window
            while size < self._max_batch:
                timeout = deadline - loop.time()
                if timeout <= 0:
                    break
                try:
                    job = await asyncio.wait_for(self._queue.get(), timeout)
                except asyncio.TimeoutError:
                    break
                jobs.append(job)
                size += len(job.texts)
            texts = [t for j in jobs for t in j.texts]
            langs = [l for j in jobs for l in j.langs]
            if self._on_batch is not None:
                self._on_batch(len(texts))
            try:
                results = await asyncio.to_thread(self._predict, texts, langs)
            except Exception as exc:  # every waiting request gets the error, the worker lives on
                for j in jobs:
                    if not j.future.done():
                        j.future.set_exception(exc)
                continue
            start = 0
            for j in jobs:
                if not j.future.done():
                    j.future.set_result(results[start : start + len(j.texts)])
                start += len(j.texts)

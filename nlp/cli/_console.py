"""Console helpers: stdout for results, stderr for progress and messages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

T = TypeVar("T")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one-line errors stay one line


def progress(items: Iterable[T], label: str, unit: str = "docs", total: int | None = None) -> Iterator[T]:
    """Wrap an iterable in a progress display on stderr (quiet when stderr is not a terminal)."""
    columns = [SpinnerColumn(), TextColumn(f"[bold]{label}"), BarColumn() if total else TextColumn(""),
               MofNCompleteColumn() if total else TextColumn("{task.completed} " + unit),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(label, total=total, rate="")
        for item in items:
            yield item
            bar.advance(task)
            elapsed = bar.tasks[0].elapsed or 0
            if elapsed > 0:
                bar.update(task, rate=f"{bar.tasks[0].completed / elapsed:.1f} {unit}/s")

"""Hugging Face datasets: a directory saved with ``save_to_disk``, or ``hf:NAME`` from the hub.

Hub names need an explicit ``hf:`` prefix so that a mistyped path never turns into a
network request. The hub is only reached when the user is online and asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from corpora.readers.base import LoadIssue, RawRecord
from corpora.readers.tables import rows_to_records

HUB_PREFIX = "hf:"


def is_saved_dataset(path: Path) -> bool:
    return path.is_dir() and (
        (path / "dataset_dict.json").is_file() or ((path / "state.json").is_file() and (path / "dataset_info.json").is_file())
    )


def read_saved_dataset(path: Path, text_field: str, id_field: str, max_chars: int, split: str | None) -> Iterator[RawRecord | LoadIssue]:
    from datasets import DatasetDict, load_from_disk  # lazy: heavy import

    try:
        data = load_from_disk(str(path))
    except Exception as exc:  # datasets raises many types for a broken folder
        yield LoadIssue(str(path), f"cannot load saved dataset: {' '.join(str(exc).split())[:200]}")
        return
    splits = data.items() if isinstance(data, DatasetDict) else [(None, data)]
    for name, ds in splits:
        if split and name and name != split:
            continue
        source = f"{path}[{name}]" if name else str(path)
        rows = ((i, dict(row, **({"split": name} if name and "split" not in row else {}))) for i, row in enumerate(ds, 1))
        yield from rows_to_records(rows, source, path.name, text_field, id_field, max_chars)


def read_hub_dataset(spec: str, text_field: str, id_field: str, max_chars: int, split: str | None) -> Iterator[RawRecord | LoadIssue]:
    name = spec[len(HUB_PREFIX) :]
    try:
        from datasets import load_dataset

        ds = load_dataset(name, split=split or "train", streaming=True)
        rows = ((i, row) for i, row in enumerate(ds, 1))
        yield from rows_to_records(rows, spec, name.replace("/", "_"), text_field, id_field, max_chars)
    except Exception as exc:  # offline, unknown name, gated dataset...
        yield LoadIssue(spec, f"cannot load hub dataset (are you online?): {' '.join(str(exc).split())[:200]}")

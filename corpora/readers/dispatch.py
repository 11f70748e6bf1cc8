"""Expand paths, folders and globs, and send each input to its reader."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from corpora.readers.base import LoadIssue, RawRecord
from corpora.readers.files import HTML_SUFFIXES, TEXT_SUFFIXES, read_text_file
from corpora.readers.hf import HUB_PREFIX, is_saved_dataset, read_hub_dataset, read_saved_dataset
from corpora.readers.tables import TABLE_SUFFIXES, read_table

SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES


def iter_records(
    inputs: Iterable[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    max_bytes: int = 20_000_000,
    max_chars: int = 2_000_000,
    split: str | None = None,
) -> Iterator[RawRecord | LoadIssue]:
    """Yield raw records and issues for every document under ``inputs``, in a stable order."""
    for spec in inputs:
        spec = str(spec)
        if spec.startswith(HUB_PREFIX):
            yield from read_hub_dataset(spec, text_field, id_field, max_chars, split)
            continue
        for path in _expand(spec):
            if isinstance(path, LoadIssue):
                yield path
            elif is_saved_dataset(path):
                yield from read_saved_dataset(path, text_field, id_field, max_chars, split)
            elif path.suffix.lower() in TABLE_SUFFIXES:
                yield from read_table(path, text_field, id_field, max_chars)
            else:
                yield from read_text_file(path, max_bytes)


def _expand(spec: str) -> Iterator[Path | LoadIssue]:
    path = Path(spec)
    if path.is_dir():
        if is_saved_dataset(path):
            yield path
            return
        yield from _walk(path)
    elif path.is_file():
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path
        else:
            yield LoadIssue(spec, f"unsupported file type {path.suffix or '(none)'}; expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    elif glob.has_magic(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield LoadIssue(spec, "no files match this pattern")
        for match in matches:
            yield from _expand(match)
    else:
        yield LoadIssue(spec, "no such file or directory (hub datasets are named hf:NAME)")


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            yield from ([path] if is_saved_dataset(path) else _walk(path))
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path

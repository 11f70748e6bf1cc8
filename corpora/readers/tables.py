"""Tables of documents: JSONL, JSON, CSV, TSV and Parquet.

Each row is a document: ``text_field`` holds the text, ``id_field`` the id (the file stem and
row number when absent), ``title``/``outlet``/``url``/``date``/``author``/``lang`` columns
fill those fields and every other column is carried through as metadata. JSONL, CSV, TSV
and Parquet are streamed; a JSON file (an array, or an object with a ``data`` array) is
read whole.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from corpora.readers.base import LoadIssue, RawRecord, split_fields

TABLE_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet"}


def read_table(path: Path, text_field: str, id_field: str, max_chars: int) -> Iterator[RawRecord | LoadIssue]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            rows = _jsonl_rows(path)
        elif suffix == ".json":
            rows = _json_rows(path)
        elif suffix in (".csv", ".tsv"):
            rows = _csv_rows(path, "\t" if suffix == ".tsv" else ",")
        else:
            rows = _parquet_rows(path)
        yield from rows_to_records(rows, str(path), path.stem, text_field, id_field, max_chars)
    except OSError as exc:
        yield LoadIssue(str(path), f"cannot read: {exc.strerror or exc}")
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        yield LoadIssue(str(path), f"cannot read as {suffix.lstrip('.')}: {_one_line(exc)}")


def rows_to_records(
    rows: Iterable[tuple[int, Any]], source: str, stem: str, text_field: str, id_field: str, max_chars: int
) -> Iterator[RawRecord | LoadIssue]:
    """Turn (line number, row) pairs into records; rows that are not usable become issues."""
    for line, row in rows:
        where = f"{source}:{line}"
        if isinstance(row, LoadIssue):
            yield row
            continue
        if not isinstance(row, dict):
            yield LoadIssue(where, f"expected an object, got {type(row).__name__}")
            continue
        text = row.get(text_field)
        if text is None:
            yield LoadIssue(where, f"missing text field {text_field!r} (fields: {', '.join(map(str, row)) or 'none'}; use --text-field)")
            continue
        if not isinstance(text, str):
            yield LoadIssue(where, f"field {text_field!r} is {type(text).__name__}, not text")
            continue
        if not text.strip():
            yield LoadIssue(where, f"field {text_field!r} is empty")
            continue
        if len(text) > max_chars:
            yield LoadIssue(where, f"document is {len(text):,} characters, over the {max_chars:,} limit (raise --max-chars to load it)")
            continue
        fields, meta = split_fields(row, text_field, id_field)
        raw_id = row.get(id_field)
        doc_id = str(raw_id) if raw_id not in (None, "") else f"{stem}-{line}"
        yield RawRecord(text=text, source=where, id=doc_id, fields=fields, meta=meta, kind=Path(source).suffix.lstrip("."))


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                yield n, json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield n, LoadIssue(f"{path}:{n}", f"invalid UTF-8 at byte {exc.start}")
            except json.JSONDecodeError as exc:
                yield n, LoadIssue(f"{path}:{n}", f"malformed JSON: {exc.msg} at column {exc.colno}")


def _json_rows(path: Path) -> Iterator[tuple[int, Any]]:
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if isinstance(data, dict):
        for key in ("data", "documents", "docs", "items", "rows"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise ValueError("expected a JSON array of objects, or an object with a 'data' array")
    for n, row in enumerate(data, 1):
        yield n, row


def _csv_rows(path: Path, delimiter: str) -> Iterator[tuple[int, Any]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        for row in reader:
            # Line numbers count the header as line 1, as a spreadsheet shows them.
            if None in row:
                yield reader.line_num, LoadIssue(f"{path}:{reader.line_num}", "more cells than header columns")
                continue
            yield reader.line_num, row


def _parquet_rows(path: Path) -> Iterator[tuple[int, Any]]:
    import pyarrow.parquet as pq

    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=512):
        for row in batch.to_pylist():
            n += 1
            yield n, row


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]

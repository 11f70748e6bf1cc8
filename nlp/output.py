"""Annotation writers: JSONL (one document a line), flat CSV and Parquet (one row per sentence-frame).

Every writer appends per document and makes it durable before the next one starts, so an
interrupted run (even ``kill -9``) loses at most the document being written; ``resume=True``
reads which documents are already complete, drops any partial tail, and appends after them.

- JSONL: a line per document, flushed; a torn last line is cut off on resume.
- CSV: a document's rows are written in one go and flushed, one row a line (newlines inside
  text become spaces); on resume the rows of the last document are dropped and it is redone,
  since its rows may be incomplete.
- Parquet: documents are buffered and written as numbered part files (each written to a
  temporary name and renamed) under ``OUT.parts/``; ``close()`` merges them into ``OUT``. On
  resume the finished parts count and the buffered tail is redone.

Flat rows: document metadata, the sentence (index, offsets, text), and one frame with its
stance, score and source; a sentence with no frame gets one row with an empty frame, so that
shares can be computed from the file alone.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any, Protocol

from nlp.schema import AnnotatedDocument

FORMATS = ("jsonl", "csv", "parquet")
FLAT_COLUMNS = [
    "doc_id", "title", "outlet", "url", "date", "author", "lang", "sentence_index", "start", "end", "sentence",
    "frame", "stance", "score", "source", "source_kb_id", "doc_dominant_frames", "doc_author_stance", "meta",
]


class OutputExistsError(FileExistsError):
    pass


class Writer(Protocol):
    done: set[str]

    def write(self, doc: AnnotatedDocument) -> None: ...
    def close(self) -> None: ...


def format_for(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    return {"csv": "csv", "parquet": "parquet", "pq": "parquet"}.get(suffix, "jsonl")


def open_writer(path: str | Path, fmt: str | None = None, resume: bool = False, overwrite: bool = False, flush_every: int = 200) -> Writer:
    path = Path(path)
    fmt = format_for(path, fmt)
    parts = path.with_name(path.name + ".parts")
    exists = path.exists() or (fmt == "parquet" and parts.exists())
    if exists and not (resume or overwrite):
        raise OutputExistsError(f"{path} exists: pass --resume to continue it or --overwrite to replace it")
    if overwrite and not resume:
        path.unlink(missing_ok=True)
        shutil.rmtree(parts, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        return JsonlWriter(path)
    if fmt == "csv":
        return CsvWriter(path)
    if fmt == "parquet":
        return ParquetWriter(path, flush_every)
    raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def flat_rows(doc: AnnotatedDocument) -> list[dict[str, Any]]:
    """One row per sentence-frame (a frameless sentence: one row with an empty frame)."""
    meta = json.dumps(doc.meta, ensure_ascii=False, default=str) if doc.meta else ""
    dominant = ";".join(doc.dominant_frames)
    rows = []
    for i, s in enumerate(doc.sentences):
        base = {
            "doc_id": doc.id, "title": doc.title, "outlet": doc.outlet, "url": doc.url, "date": doc.date,
            "author": doc.author, "lang": doc.lang, "sentence_index": i, "start": s.start, "end": s.end,
            "sentence": s.text, "doc_dominant_frames": dominant, "meta": meta,
        }
        for f in s.frames or [None]:
            row = dict(base)
            if f is None:
                row.update(frame=None, stance=None, score=None, source=None, source_kb_id=None, doc_author_stance=None)
            else:
                summary = doc.frames.get(f.frame)
                row.update(frame=f.frame, stance=f.stance, score=f.score, source=f.source, source_kb_id=f.source_kb_id,
                           doc_author_stance=summary.author_stance if summary else None)
            rows.append(row)
    return rows


class JsonlWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        if path.exists():
            self._recover()
        self._fh = path.open("a", encoding="utf-8")

    def _recover(self) -> None:
        good = 0
        with self.path.open("rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # torn by an interruption
                try:
                    self.done.add(str(json.loads(line)["id"]))
                except (ValueError, KeyError, TypeError):
                    break
                good += len(line)
        _truncate(self.path, good)

    def write(self, doc: AnnotatedDocument) -> None:
        self._fh.write(doc.model_dump_json() + "\n")
        self._fh.flush()
        self.done.add(doc.id)

    def close(self) -> None:
        self._fh.close()


class CsvWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        fresh = not path.exists() or path.stat().st_size == 0
        if not fresh:
            self._recover()
        self._fh = path.open("a", encoding="utf-8", newline="")
        if fresh or path.stat().st_size == 0:
            self._fh.write(_csv_line(FLAT_COLUMNS))
            self._fh.flush()

    def _recover(self) -> None:
        keep, last_id, last_start = 0, None, 0
        with self.path.open("rb") as fh:
            header = fh.readline()
            keep = len(header) if header.endswith(b"\n") else 0
            offset = keep
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                doc_id = next(csv.reader([line.decode("utf-8")]))[0]
                if doc_id != last_id:
                    if last_id is not None:
                        self.done.add(last_id)
                    last_id, last_start = doc_id, offset
                offset += len(line)
        # The last document's rows may be incomplete: drop them; it is annotated again.
        _truncate(self.path, last_start if last_id is not None else keep)

    def write(self, doc: AnnotatedDocument) -> None:
        rows = flat_rows(doc)
        self._fh.write("".join(_csv_line([_cell(r[c]) for c in FLAT_COLUMNS]) for r in rows))
        self._fh.flush()
        self.done.add(doc.id)

    def close(self) -> None:
        self._fh.close()


class ParquetWriter:
    def __init__(self, path: Path, flush_every: int = 200) -> None:
        import pyarrow.parquet as pq

        self.path = path
        self.parts = path.with_name(path.name + ".parts")
        self.flush_every = flush_every
        self.done: set[str] = set()
        self._buffer: list[dict[str, Any]] = []
        self._buffered_docs: list[str] = []
        self.parts.mkdir(exist_ok=True)
        if path.exists():  # a finished file being resumed: it becomes the first part
            path.rename(self.parts / "part-000000.parquet")
        for part in sorted(self.parts.glob("part-*.parquet")):
            try:
                self.done.update(str(x) for x in pq.read_table(part, columns=["doc_id"]).column("doc_id").to_pylist())
            except Exception:  # noqa: BLE001 - a part that did not finish renaming is redone
                part.unlink()
        for tmp in self.parts.glob("*.tmp"):
            tmp.unlink()
        self._next = 1 + max((int(p.stem.split("-")[1]) for p in self.parts.glob("part-*.parquet")), default=0)

    def write(self, doc: AnnotatedDocument) -> None:
        self._buffer.extend(flat_rows(doc))
        self._buffered_docs.append(doc.id)
        if len(self._buffered_docs) >= self.flush_every:
            self._flush()

    def _flush(self) -> None:
        if not self._buffered_docs:
            return
        import pyarrow.parquet as pq

        tmp = self.parts / f"part-{self._next:06d}.parquet.tmp"
        pq.write_table(_table(self._buffer), tmp)
        os.replace(tmp, self.parts / f"part-{self._next:06d}.parquet")
        self._next += 1
        self.done.update(self._buffered_docs)
        self._buffer, self._buffered_docs = [], []

    def close(self) -> None:
        import pyarrow.parquet as pq

        self._flush()
        parts = sorted(self.parts.glob("part-*.parquet"))
        tmp = self.path.with_name(self.path.name + ".tmp")
        writer = pq.ParquetWriter(tmp, _schema())
        for part in parts:
            writer.write_table(pq.read_table(part, schema=_schema()))
        writer.close()
        os.replace(tmp, self.path)
        shutil.rmtree(self.parts, ignore_errors=True)


def _schema():
    import pyarrow as pa

    types = {"sentence_index": pa.int32(), "start": pa.int64(), "end": pa.int64(), "score": pa.float32()}
    return pa.schema([(c, types.get(c, pa.string())) for c in FLAT_COLUMNS])


def _table(rows: list[dict[str, Any]]):
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=_schema())


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\r", " ").replace("\n", " ")
    return "" if value is None else value


def _csv_line(values: list[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def _truncate(path: Path, size: int) -> None:
    if path.stat().st_size != size:
        with path.open("rb+") as fh:
            fh.truncate(size)

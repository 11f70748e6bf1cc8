"""Plain-text, Markdown and HTML files, with an optional ``key: value`` header block.

A text file may start with a header that gives metadata::

    outlet: Example Wire
    date: 2024-11-12
    lang: en
    ---
    Body text...

YAML-style front matter (the same lines between two ``---`` lines) is accepted too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from corpora.decode import DecodeError, decode_bytes
from corpora.readers.base import KNOWN_FIELDS, LoadIssue, RawRecord

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HEADER_LINE = re.compile(r"^([A-Za-z_][\w-]{0,40})\s*:\s*(.*?)\s*$")
_MAX_HEADER_LINES = 40


def read_text_file(path: Path, max_bytes: int) -> Iterator[RawRecord | LoadIssue]:
    """Read one .txt/.md/.html file into a record, or yield the issue that stops it."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield LoadIssue(source, f"cannot read: {exc.strerror}")
        return
    if size > max_bytes:
        yield LoadIssue(source, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit (raise --max-bytes to load it)")
        return
    try:
        text, encoding = decode_bytes(path.read_bytes())
    except DecodeError as exc:
        yield LoadIssue(source, str(exc))
        return
    except OSError as exc:
        yield LoadIssue(source, f"cannot read: {exc.strerror}")
        return
    is_html = path.suffix.lower() in HTML_SUFFIXES
    header, body = ({}, text) if is_html else split_header(text)
    fields = {k: v for k, v in header.items() if k in KNOWN_FIELDS and k != "id" and v}
    meta = {k: v for k, v in header.items() if k not in KNOWN_FIELDS}
    meta["path"] = source
    yield RawRecord(
        text=body,
        source=source,
        id=header.get("id") or path.name,
        fields=fields,
        meta=meta,
        is_html=is_html,
        encoding=encoding,
        kind="html" if is_html else path.suffix.lower().lstrip("."),
    )


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``key: value`` block ended by ``---`` from the body.

    >>> split_header("title: Hello\\nlang: en\\n---\\nBody.")
    ({'title': 'Hello', 'lang': 'en'}, 'Body.')
    >>> split_header("Note: this is prose, not a header.\\nMore prose.")
    ({}, 'Note: this is prose, not a header.\\nMore prose.')
    """
    text = text.lstrip("\ufeff")
    lines = text.split("\n", _MAX_HEADER_LINES + 2)
    first = 1 if lines and lines[0].strip() == "---" else 0
    header: dict[str, str] = {}
    for i in range(first, min(len(lines), first + _MAX_HEADER_LINES + 1)):
        line = lines[i].rstrip("\r")
        if line.strip() == "---":
            if not header:
                return {}, text
            body = "\n".join(lines[i + 1 :])
            return header, body
        if not line.strip():
            continue
        m = _HEADER_LINE.match(line)
        if not m:
            return {}, text
        header[m.group(1).lower()] = m.group(2).strip().strip('"').strip("'")
    return {}, text

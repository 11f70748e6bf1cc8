"""Texts from arguments and/or a JSONL file, shared by ``framing classify`` and ``framing link``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from nlp.cli._console import err


def read_text_items(texts: list[str] | None, file: Path | None, lang: str | None) -> tuple[list[dict[str, str | None]], int]:
    """``[{"text", "lang"}]`` from TEXT arguments and a JSONL file (``-`` for stdin); bad lines are
    reported as ``file:line`` and counted, an unreadable file ends the command."""
    items: list[dict[str, str | None]] = [{"text": t, "lang": lang} for t in (texts or [])]
    bad = 0
    if file is None:
        return items, bad
    try:
        lines = (sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")).splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"error: {file}: cannot read: {exc}", markup=False)
        raise typer.Exit(1) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"] if isinstance(row, dict) else None
            if not isinstance(text, str) or not text.strip():
                raise KeyError("text")
        except (json.JSONDecodeError, KeyError):
            err.print(f"error: {file}:{n}: expected a JSON object with a non-empty 'text'; skipped", markup=False)
            bad += 1
            continue
        items.append({"text": text, "lang": row.get("lang") or lang})
    return items, bad

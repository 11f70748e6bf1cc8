"""``framing classify``: frames, stance and source for single texts, as tables or JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from nlp.cli._console import err, out
from nlp.cli._inputs import read_text_items

MAX_TEXTS_HINT = 10_000


def classify(
    texts: Annotated[list[str] | None, typer.Argument(help="Texts to classify (sentences or short passages).", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="JSONL file with a 'text' (and optional 'lang') per line; '-' for stdin.")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model folder (default: the bundled default model).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of all texts (detected per text when absent).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help='One JSON object per text: {"text", "lang", "frames": [{"frame", "stance", "score", "source"}]}.')] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Texts per model batch.")] = 32,
) -> None:
    """Tag each text with frames, a stance per frame and who holds it ("author" unless the text attributes it)."""
    from nlp.frames.classifier import FrameClassifier, ModelLoadError
    from nlp.langid import detect_language

    items, bad = read_text_items(texts, file, lang)
    if not items:
        err.print("error: no texts given (pass TEXT arguments or --file)")
        raise typer.Exit(2)
    try:
        clf = FrameClassifier.load(model)
    except ModelLoadError as exc:
        err.print(f"error: --model: {exc}", markup=False)
        raise typer.Exit(2) from None
    for item in items:
        if not item["lang"]:
            item["lang"] = detect_language(str(item["text"])).lang
    preds = clf.predict_many([str(i["text"]) for i in items], [i["lang"] for i in items], batch_size=batch_size)
    if as_json:
        for item, frames in zip(items, preds):
            print(json.dumps({"text": item["text"], "lang": item["lang"], "frames": [p.model_dump(exclude={"source_kb_id"}) for p in frames]}, ensure_ascii=False))
    else:
        table = Table(show_lines=True)
        for col in ("text", "lang", "frames"):
            table.add_column(col, ratio=3 if col == "text" else None)
        for item, frames in zip(items, preds):
            shown = "\n".join(f"{p.frame} ({p.stance}) {p.score:.2f}" + ("" if p.source == "author" else f" ← {p.source}") for p in frames) or "-"
            table.add_row(escape(str(item["text"])), str(item["lang"]), escape(shown))
        out.print(table)
    if bad:
        err.print(f"{bad} lines skipped")

"""``framing link`` and ``framing evaluate-links``: entity linking from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from nlp.cli._console import err, out, progress
from nlp.cli._inputs import read_text_items

KBOpt = Annotated[Path | None, typer.Option("--kb", help="Knowledge base JSONL (default: the bundled one).")]
ThresholdOpt = Annotated[float, typer.Option("--threshold", min=0.0, max=1.0, help="Below this link score a mention stays NIL.")]


def _load_linker(kb_path: Path | None, threshold: float):
    from nlp.linking import KBError, Linker, load_kb

    try:
        kb = load_kb(kb_path)
    except KBError as exc:
        err.print(f"error: --kb: {exc}", markup=False)
        raise typer.Exit(2) from None
    for e in kb.errors:
        err.print(f"error: {e}; entity skipped", markup=False)
    return Linker(kb, threshold)


def link(
    texts: Annotated[list[str] | None, typer.Argument(help="Texts to link.", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="JSONL file with a 'text' (and optional 'lang') per line; '-' for stdin.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of all texts (detected per text when absent).")] = None,
    kb: KBOpt = None,
    threshold: ThresholdOpt = 0.5,
    as_json: Annotated[bool, typer.Option("--json", help='One JSON object per text: {"text", "lang", "entities": [{"start", "end", "text", "label", "kb_id", "name", "score"}]}.')] = False,
) -> None:
    """Find the people, organisations, governments and places a text names, linked to Wikidata ids (NIL when unknown)."""
    from nlp.langid import detect_language

    items, bad = read_text_items(texts, file, lang)
    if not items:
        err.print("error: no texts given (pass TEXT arguments or --file)")
        raise typer.Exit(2)
    linker = _load_linker(kb, threshold)
    table = None if as_json else Table(show_lines=True)
    if table is not None:
        for col in ("text", "label", "kb_id", "name", "score"):
            table.add_column(col)
    for item in items:
        item_lang = item["lang"] or detect_language(item["text"]).lang or "en"
        mentions = linker.link(item["text"], item_lang)
        ents = [{"start": m.start, "end": m.end, "text": m.text, "label": m.label, "kb_id": m.kb_id, "name": m.name, "score": m.score} for m in mentions]
        if as_json:
            print(json.dumps({"text": item["text"], "lang": item_lang, "entities": ents}, ensure_ascii=False), flush=True)
        else:
            for e in ents:
                table.add_row(escape(e["text"]), e["label"], e["kb_id"] or "NIL", escape(e["name"] or "-"), f"{e['score']:.2f}")
    if table is not None:
        out.print(table)
    if bad:
        err.print(f"{bad} lines skipped")


def evaluate_links(
    data: Annotated[Path, typer.Option("--data", "-d", help="Gold file: sentence format (text + mentions) or document format (doc/unit + mentions, with --docs).")] = Path("corpora/linking/gold.jsonl"),
    docs: Annotated[Path | None, typer.Option("--docs", help="Folder with the documents a document-format gold file points to (e.g. ../shared/seeds).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of every text (default: from the gold file, or detected).")] = None,
    kb: KBOpt = None,
    threshold: ThresholdOpt = 0.5,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the full results (with the first errors) as JSON here.")] = None,
) -> None:
    """Precision, recall and F1 of (span, QID) against a gold set, metonym and NIL accuracy, and speed."""
    from nlp.linking.evaluate import GoldError, evaluate_linking, read_gold

    try:
        gold, errors = read_gold(data, docs, lang)
    except (OSError, GoldError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    for e in errors:
        err.print(f"error: {e}", markup=False)
    linker = _load_linker(kb, threshold)
    for g in {g.lang for g in gold}:
        linker.pipeline(g)  # load pipelines before the clock starts
    result = evaluate_linking(progress(gold, "linking", unit="texts", total=len(gold)), linker.link)
    result["data"] = str(data)
    table = Table(title=f"entity linking on {data} ({result['texts']} texts)")
    for col in ("scope", "precision", "recall", "F1", "gold links"):
        table.add_column(col, justify="right" if col != "scope" else "left")
    rows = [("all", result["overall"])] + list(result["by_language"].items())
    for scope, r in rows:
        table.add_row(scope, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}", str(r["gold"]))
    out.print(table)
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    out.print(f"metonym accuracy {fmt(result['metonym_accuracy'])} ({result['metonyms']}), "
              f"NIL accuracy {fmt(result['nil_accuracy'])} (detected as NIL {fmt(result['nil_detected'])}, {result['nils']}), "
              f"{result['texts_per_second']} texts/s, {result['chars_per_second']} chars/s")
    if result["by_tag"]:
        out.print("by tag: " + ", ".join(f"{t} {v['accuracy']:.3f} ({v['mentions']})" for t, v in result["by_tag"].items()))
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        err.print(f"wrote {output}", markup=False)

"""``framing corpus``: load a corpus and look at what the loader made of it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from corpora.loader import LoadReport, iter_documents
from nlp.cli._console import err, out, progress
from nlp.cli._options import Clean, Dedup, IdField, Inputs, Lang, MaxBytes, MaxChars, Split, TextField, load_options

app = typer.Typer(help="Load corpora: statistics, cleaning report and segmented documents.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


@app.command()
def stats(
    inputs: Inputs,
    text_field: TextField = "text",
    id_field: IdField = "id",
    lang: Lang = None,
    split: Split = None,
    max_bytes: MaxBytes = 20_000_000,
    max_chars: MaxChars = 2_000_000,
    clean: Clean = True,
    dedup: Dedup = True,
    as_json: Json = False,
    per_document: Annotated[bool | None, typer.Option("--per-document/--no-per-document", help="List every document (default: when there are at most 50).")] = None,
) -> None:
    """Load a corpus and report documents, languages, encodings, cleaning, duplicates and problems.

    Example: framing corpus stats corpora/sample "news/**/*.html" articles.jsonl --text-field body
    """
    options = load_options(text_field, id_field, lang, split, max_bytes, max_chars, clean, dedup)
    report = LoadReport()
    rows = []
    for doc in progress(iter_documents(inputs, options, report), "Loading"):
        if len(rows) <= 50:
            rows.append(doc)
    if as_json:
        out.print_json(report.model_dump_json())
    else:
        show_docs = per_document if per_document is not None else report.documents <= 50
        _print_report(report, rows if show_docs else [])
    if report.documents == 0:
        err.print("[red]error:[/] no documents could be loaded")
        raise typer.Exit(1)


@app.command()
def show(
    inputs: Inputs,
    text_field: TextField = "text",
    id_field: IdField = "id",
    lang: Lang = None,
    split: Split = None,
    max_bytes: MaxBytes = 20_000_000,
    max_chars: MaxChars = 2_000_000,
    clean: Clean = True,
    dedup: Dedup = True,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many documents (0: all).")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document per line (JSONL).")] = False,
) -> None:
    """Show documents as loaded: metadata, language and numbered sentence units with offsets."""
    options = load_options(text_field, id_field, lang, split, max_bytes, max_chars, clean, dedup)
    report = LoadReport()
    shown = 0
    for doc in iter_documents(inputs, options, report):
        if as_json:
            print(doc.model_dump_json(exclude_none=True))
        else:
            _print_document(doc)
        shown += 1
        if limit and shown >= limit:
            break
    for line in report.issues:
        err.print(line, markup=False)
    if shown == 0:
        err.print("[red]error:[/] no documents could be loaded")
        raise typer.Exit(1)


def _print_document(doc) -> None:  # type: ignore[no-untyped-def]
    meta = {k: v for k, v in doc.model_dump(include={"title", "outlet", "url", "date", "author"}).items() if v}
    flags = []
    if doc.duplicate_of:
        flags.append(f"duplicate of {doc.duplicate_of}")
    if doc.near_duplicate_of:
        flags.append(f"near duplicate of {doc.near_duplicate_of} ({doc.similarity:.2f})")
    out.rule(f"[bold]{doc.id}[/]  lang={doc.lang}  {len(doc.sentences)} units  {'; '.join(flags)}")
    for key, value in {**meta, **({"removed": doc.removed} if doc.removed else {})}.items():
        out.print(f"[dim]{key}:[/] {value}", markup=True)
    for i, s in enumerate(doc.sentences):
        tag = "" if s.kind == "sentence" else f"[{s.kind}] "
        out.print(f"[dim]{i:>3} {s.start:>6}-{s.end:<6}[/] {tag}", end="")
        out.print(doc.text[s.start : s.end], markup=False)


def _print_report(report: LoadReport, docs: list) -> None:  # type: ignore[type-arg]
    overview = Table(title="Corpus", show_header=False, title_justify="left")
    overview.add_row("documents", f"{report.documents:,}")
    overview.add_row("sentence units", f"{report.sentences:,}")
    overview.add_row("characters", f"{report.characters:,}")
    overview.add_row("inputs", _counts(report.inputs_by_kind))
    overview.add_row("languages", _counts(report.languages))
    overview.add_row("encodings", _counts(report.encodings))
    overview.add_row("exact duplicates", str(report.exact_duplicates))
    overview.add_row("near duplicates", str(report.near_duplicates))
    overview.add_row("errors / warnings", f"{report.errors} / {report.warnings}")
    out.print(overview)
    cleaning = Table(title="Cleaning", title_justify="left")
    cleaning.add_column("step")
    cleaning.add_column("lines removed", justify="right")
    cleaning.add_row("html main-text extraction", f"{report.html_extracted} pages")
    for name, n in report.removed_lines.most_common():
        cleaning.add_row(name.replace("_", " "), str(n))
    out.print(cleaning)
    if docs:
        table = Table(title="Documents", title_justify="left")
        table.add_column("id", no_wrap=True, overflow="ellipsis", ratio=3)
        for col in ("lang", "units", "chars", "removed"):
            table.add_column(col, justify="right" if col != "lang" else "left", no_wrap=True, min_width=len(col))
        table.add_column("duplicate of", no_wrap=True, overflow="ellipsis", ratio=2)
        for doc in docs:
            dup = doc.duplicate_of or (f"~{doc.near_duplicate_of} ({doc.similarity:.2f})" if doc.near_duplicate_of else "")
            table.add_row(doc.id, doc.lang or "", str(len(doc.sentences)), str(len(doc.text)),
                          str(sum(doc.removed.values())), dup)
        out.print(table)
    if report.issues:
        out.print(f"[bold]Problems[/] ({report.errors} errors, {report.warnings} warnings; these inputs were skipped or flagged):")
        for line in report.issues:
            out.print(f"  {line}", markup=False)


def _counts(counter) -> str:  # type: ignore[no-untyped-def]
    return ", ".join(f"{k} {v}" for k, v in counter.most_common()) or "-"

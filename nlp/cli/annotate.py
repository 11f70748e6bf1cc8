"""``framing annotate``: the main job, a corpus in, every sentence framed and every document summarised."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from nlp.cli._console import err, out
from nlp.cli._options import Clean, Dedup, IdField, Inputs, Lang, MaxBytes, MaxChars, Split, TextField, load_options


def annotate(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("--out", "-o", help="Output file; appended per document, so an interrupted run can --resume.", show_default=False)],
    fmt: Annotated[str | None, typer.Option("--format", help="jsonl (one document a line, full annotation), csv or parquet (flat: one row per sentence-frame with document metadata). Default: from the --out suffix, else jsonl.")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model folder (default: the bundled default model).")] = None,
    kb: Annotated[str | None, typer.Option("--kb", help="Knowledge base JSONL for entity linking (default: the bundled one).")] = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Detect and link entities (spaCy, natasha, GiNZA).")] = True,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Sentences per model batch.")] = 32,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes, each with its own model copy.")] = 1,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Annotate at most the first N documents of the corpus.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip documents already in --out (after an interruption) and append the rest.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing --out.")] = False,
    lang: Lang = None,
    text_field: TextField = "text",
    id_field: IdField = "id",
    split: Split = None,
    max_bytes: MaxBytes = 20_000_000,
    max_chars: MaxChars = 2_000_000,
    clean: Clean = True,
    dedup: Dedup = True,
) -> None:
    """Annotate a corpus: frames, stance and source per sentence, linked entities, quotes, and a per-document frame summary.

    Example: framing annotate corpora/sample --out annotations.jsonl
    """
    from nlp.annotate import AnnotateStats, run_annotation
    from nlp.frames.classifier import ModelLoadError
    from nlp.linking import KBError
    from nlp.output import FORMATS, OutputExistsError

    if fmt and fmt not in FORMATS:
        err.print(f"error: --format: {fmt!r} is not one of {', '.join(FORMATS)}", markup=False)
        raise typer.Exit(2)
    from nlp.pipeline import AnnotatorOptions

    options = AnnotatorOptions(batch_size=batch_size, link=link)
    columns = [SpinnerColumn(), TextColumn("[bold]annotating"), BarColumn() if limit else TextColumn(""),
               TextColumn("{task.completed} docs"), TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
    start = time.perf_counter()
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("annotate", total=limit, rate="")

        def tick(stats: AnnotateStats) -> None:
            elapsed = time.perf_counter() - start
            bar.update(task, completed=stats.documents, rate=f"{stats.documents / elapsed:.1f} docs/s" if elapsed else "")

        try:
            stats, report = run_annotation(
                inputs, output, fmt=fmt, model=model, kb=kb,
                load_options=load_options(text_field, id_field, lang, split, max_bytes, max_chars, clean, dedup),
                options=options, workers=workers, limit=limit, resume=resume, overwrite=overwrite, on_document=tick,
            )
        except OutputExistsError as exc:
            err.print(f"error: --out: {exc}", markup=False)
            raise typer.Exit(2) from None
        except ModelLoadError as exc:
            err.print(f"error: --model: {exc}", markup=False)
            raise typer.Exit(2) from None
        except KBError as exc:
            err.print(f"error: --kb: {exc}", markup=False)
            raise typer.Exit(2) from None
        except OSError as exc:  # an output folder that cannot be created or written
            err.print(f"error: --out: {output}: {exc.strerror or exc}", markup=False)
            raise typer.Exit(1) from None
    elapsed = time.perf_counter() - start
    for line in report.issues:
        err.print(line, markup=False)
    for line in stats.errors:
        err.print(f"error: {line}; skipped", markup=False)
    _summary(stats, report.errors, elapsed)
    out.print(f"wrote {output}")
    if stats.documents == 0 and stats.skipped_done == 0:
        err.print("error: no document was annotated")
        raise typer.Exit(1)


def _summary(stats, load_errors: int, elapsed: float) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="annotation summary", show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    rate = stats.documents / elapsed if elapsed else 0.0
    table.add_row("documents annotated", f"{stats.documents} ({rate:.2f}/s)")
    if stats.skipped_done:
        table.add_row("already in the output (resume)", str(stats.skipped_done))
    table.add_row("sentences", str(stats.sentences))
    table.add_row("sentences with a frame", str(stats.framed_sentences))
    table.add_row("entities (linked / NIL)", f"{stats.entities} ({stats.linked} / {stats.entities - stats.linked})")
    table.add_row("quotes", str(stats.quotes))
    table.add_row("errors (loading / annotating)", f"{load_errors} / {len(stats.errors)}")
    out.print(table)
    if stats.frames:
        stances = sorted({s for _, s in stats.frames})
        frames = sorted({f for f, _ in stats.frames}, key=lambda f: -sum(n for (g, _), n in stats.frames.items() if g == f))
        ft = Table(title="frames by stance (sentences)")
        ft.add_column("frame")
        for s in stances:
            ft.add_column(s, justify="right")
        ft.add_column("total", justify="right")
        for f in frames:
            counts = [stats.frames.get((f, s), 0) for s in stances]
            ft.add_row(f, *map(str, counts), str(sum(counts)))
        out.print(ft)

"""``framing report``: one self-contained HTML page summarising an annotation JSONL file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from nlp.cli._console import err, out
from nlp.cli._options import TaxonomyOpt, taxonomy_or_exit


class By(str, Enum):
    outlet = "outlet"
    lang = "lang"
    month = "month"


def report(
    annotations: Annotated[Path, typer.Argument(help="Annotation JSONL file (one annotated document a line, as `framing` writes it).",
                                                show_default=False)],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write (overwritten if it exists).")] = Path("report.html"),
    by: Annotated[By, typer.Option("--by", help="Group documents by outlet, language or publication month (YYYY-MM) "
                                                "for the frame-share and stance charts; missing values go to 'unknown'.")] = By.outlet,
    max_docs: Annotated[int, typer.Option("--max-docs", min=0, help="Documents shown one by one, with highlighted "
                                                                    "sentences; the page says how many were left out.")] = 200,
    taxonomy: TaxonomyOpt = None,
) -> None:
    """Write an HTML report of an annotated corpus: frame shares by group, stance by frame, frames over
    time, top sources per frame, most linked entities, and each document with its frames highlighted.

    The page is one file that opens offline (inline CSS, inline SVG charts, no external resources).

    Lines that are not JSON or fail validation are named on stderr as FILE:LINE: REASON and skipped.
    """
    from nlp.report.aggregate import Aggregator, iter_annotations
    from nlp.report.html import render_html

    tax = taxonomy_or_exit(taxonomy)
    if not annotations.is_file():
        err.print(f"error: {annotations}: no such file", markup=False)
        raise typer.Exit(2)
    agg = Aggregator(annotations.name, by=by.value, frame_order=tax.frame_ids, stance_order=tax.stance_ids, max_docs=max_docs)

    def bad_line(message: str) -> None:
        agg.error(message)
        err.print(message, markup=False)

    try:
        for doc in iter_annotations(annotations, bad_line):
            agg.add(doc)
    except OSError as exc:
        err.print(f"error: {annotations}: cannot read: {exc.strerror or exc}", markup=False)
        raise typer.Exit(2) from None
    result = agg.finish()
    if not result.documents:
        err.print(f"error: {annotations}: no valid annotated document", markup=False)
        raise typer.Exit(1)
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(render_html(result, tax), encoding="utf-8")
    except OSError as exc:
        err.print(f"error: {out_path}: cannot write: {exc.strerror or exc}", markup=False)
        raise typer.Exit(2) from None
    skipped = f"; {result.bad_lines} bad line(s) skipped" if result.bad_lines else ""
    out.print(f"wrote {out_path}: {result.documents} documents, {result.sentences} sentences "
              f"({result.framed_sentences} framed), {result.entities} entity mentions{skipped}", markup=False)

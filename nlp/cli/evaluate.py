"""``framing evaluate``: score taggers on labelled data, beside the baselines, in one run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from corpora.labelled import DEFAULT_LABELLED
from nlp.cli._console import err, out
from nlp.cli._options import TaxonomyOpt, taxonomy_or_exit


def evaluate(
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model folder to score ('default' for the bundled one; omit for baselines only).")] = None,
    data: Annotated[Path, typer.Option("--data", help="Labelled sentences (JSONL); gold files with doc/unit fields work too.")] = DEFAULT_LABELLED,
    split: Annotated[str | None, typer.Option("--split", help="Split to score: train, dev, test, or 'all'.")] = "test",
    taxonomy: TaxonomyOpt = None,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Also write the full results as JSON here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full results as JSON.")] = False,
    pipeline: Annotated[bool, typer.Option("--pipeline", help="Also score the full annotation pipeline (model + entity linker + attribution rules) on whole documents.")] = False,
    predictions: Annotated[Path | None, typer.Option("--predictions", help="Also write one JSONL row per sentence here: text, gold frames, each system's frames, and what each missed or added (for error analysis in pandas or DuckDB).")] = None,
) -> None:
    """Per-frame precision/recall/F1, micro and macro F1, stance and attribution accuracy, per language.

    The keyword and zero-shot baselines are computed on the same sentences in the same run.
    """
    from training.evaluate import evaluate_file

    taggers = []
    if model is not None:
        from nlp.frames.classifier import FrameClassifier, ModelLoadError
        from training.evaluate import ModelTagger

        try:
            clf = FrameClassifier.load(model)
        except ModelLoadError as exc:
            err.print(f"error: --model: {exc}", markup=False)
            raise typer.Exit(2) from None
        taggers.append(ModelTagger(clf))
        if pipeline:
            from nlp.linking import Linker, load_kb
            from nlp.pipeline import Annotator
            from training.evaluate import PipelineTagger

            taggers.append(PipelineTagger(Annotator(clf, Linker(load_kb()))))
        tax = clf.taxonomy if taxonomy is None else taxonomy_or_exit(taxonomy)
    else:
        tax = taxonomy_or_exit(taxonomy)
    rows: list[dict[str, Any]] | None = [] if predictions else None
    try:
        results = evaluate_file(data, tax, None if split in (None, "all") else split, taggers=taggers, predictions=rows)
    except (ValueError, OSError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from None
    if as_json:
        out.print_json(json.dumps(results, ensure_ascii=False))
    else:
        _print(results, tax.frame_ids)
    try:  # after printing, so that an unwritable path loses none of the results
        if out_path:
            out_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            err.print(f"wrote {out_path}")
        if predictions and rows is not None:
            predictions.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
            err.print(f"wrote {predictions} ({len(rows)} sentences)")
    except OSError as exc:
        err.print(f"error: cannot write {exc.filename}: {exc.strerror}", markup=False)
        raise typer.Exit(1) from None


def _print(results: dict[str, Any], frames: list[str]) -> None:
    systems = results["results"]
    table = Table(title=f"{results['data']} ({results['split'] or 'all'}, {results['sentences']} sentences): frame F1", title_justify="left")
    table.add_column("frame")
    for name in systems:
        table.add_column(name, justify="right")
    table.add_column("support", justify="right")
    first = next(iter(systems.values()))
    for f in frames:
        table.add_row(f, *(f"{s['frames'][f]['f1']:.3f}" for s in systems.values()), str(first["frames"][f]["support"]))
    for label, get in [("micro F1", lambda s: s["micro_f1"]), ("macro F1", lambda s: s["macro_f1"]),
                       ("stance accuracy", lambda s: s["stance"]["accuracy"]), ("stance macro F1", lambda s: s["stance"]["macro_f1"]),
                       ("attribution accuracy", lambda s: s["attribution"]["accuracy"])]:
        table.add_row(f"[bold]{label}", *(f"{get(s):.3f}" for s in systems.values()), "")
    for lang in first.get("by_lang", {}):
        table.add_row(f"macro F1 ({lang})", *(f"{s['by_lang'][lang]['macro_f1']:.3f}" for s in systems.values()),
                      str(first["by_lang"][lang]["n_sentences"]))
    out.print(table)

"""``framing data``: check a labelled corpus against a taxonomy, count what it holds, compare two annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corpora.labelled import DEFAULT_LABELLED, CorpusStats, check_targets, corpus_stats, load_labelled, read_labelled
from corpora.readers.base import LoadIssue
from nlp.cli._console import err, out
from nlp.cli._options import TaxonomyOpt, taxonomy_or_exit
from nlp.metrics import agreement

app = typer.Typer(help="Labelled data: validate and count it, and measure agreement between two annotations.", no_args_is_help=True)


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="Labelled sentences (JSONL).")] = DEFAULT_LABELLED,
    taxonomy: TaxonomyOpt = None,
    targets: Annotated[bool, typer.Option("--targets/--no-targets", help="Also fail when the bundled corpus minimums (sizes, per-frame and per-stance counts, shares) are not met.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the counts as Markdown tables (for a data card).")] = False,
) -> None:
    """Check every line against the schema and the taxonomy, then print counts per frame, stance, language and split.

    Exits 1 when a line is invalid (each bad line is named with its line number) or, with --targets, when a minimum is missed.
    """
    tax = taxonomy_or_exit(taxonomy)
    issues: list[LoadIssue] = []

    def good():
        for item in read_labelled(path, tax):
            if isinstance(item, LoadIssue):
                issues.append(item)
            else:
                yield item

    stats = corpus_stats(good())
    misses = check_targets(stats, tax) if targets else []
    if as_json:
        payload = stats.model_dump()
        payload.update(no_frame_share=round(stats.no_frame_share, 4), attributed_share=round(stats.attributed_share, 4),
                       invalid_lines=[str(i) for i in issues], missed_targets=misses)
        out.print_json(json.dumps(payload, ensure_ascii=False))
    elif markdown:
        typer.echo(_markdown(stats, tax.frame_ids, tax.stance_ids))
    else:
        _print_tables(stats, tax.frame_ids, tax.stance_ids)
    for issue in issues:
        err.print(f"error: {issue}", markup=False)
    for miss in misses:
        err.print(f"target missed: {miss}", markup=False)
    if issues or misses:
        err.print(f"[red]{len(issues)} invalid lines, {len(misses)} targets missed[/]")
        raise typer.Exit(1)
    err.print(f"[green]ok:[/] {stats.sentences} sentences in {stats.documents} documents, taxonomy {tax.name}" + (", all targets met" if targets else ""))


def _print_tables(stats: CorpusStats, frames: list[str], stances: list[str]) -> None:
    overview = Table(title="Labelled corpus", show_header=False, title_justify="left")
    overview.add_row("sentences / documents", f"{stats.sentences} / {stats.documents}")
    overview.add_row("by language", ", ".join(f"{k} {v}" for k, v in sorted(stats.by_lang.items())))
    overview.add_row("by split (sentences)", ", ".join(f"{k} {stats.by_split[k]}" for k in ("train", "dev", "test")))
    overview.add_row("by split (documents)", ", ".join(f"{k} {stats.documents_by_split[k]}" for k in ("train", "dev", "test")))
    overview.add_row("without a frame", f"{stats.no_frame} ({stats.no_frame_share:.1%})")
    overview.add_row("framed, attributed to a source", f"{stats.framed_by_source} of {stats.framed} ({stats.attributed_share:.1%})")
    overview.add_row("repeated texts", str(stats.repeated_texts))
    out.print(overview)
    table = Table(title="Frames", title_justify="left")
    table.add_column("frame", overflow="fold")
    for col in ["pos", *(s[:3] for s in stances), *sorted(stats.by_lang), "train", "dev", "test"]:
        table.add_column(col, justify="right", no_wrap=True, min_width=max(3, len(col)))
    for frame, row in _rows(stats, frames, stances):
        table.add_row(frame, *map(str, row))
    out.print(table)


def _rows(stats: CorpusStats, frames: list[str], stances: list[str]):
    langs = sorted(stats.by_lang)
    for f in frames:
        cells = [stats.frame_positive[f]] + [stats.frame_stance[f"{f}/{s}"] for s in stances]
        cells += [sum(v for k, v in stats.frame_stance_lang_split.items() if k.startswith(f"{f}/") and k.split("/")[2] == lang) for lang in langs]
        cells += [sum(v for k, v in stats.frame_stance_lang_split.items() if k.startswith(f"{f}/") and k.split("/")[3] == sp) for sp in ("train", "dev", "test")]
        yield f, cells


def _markdown(stats: CorpusStats, frames: list[str], stances: list[str]) -> str:
    langs = sorted(stats.by_lang)
    lines = ["| frame | positive | " + " | ".join(stances) + " | " + " | ".join(langs) + " | train | dev | test |",
             "| --- " * (5 + len(stances) + len(langs)) + "|"]
    lines += [f"| `{f}` | " + " | ".join(map(str, row)) + " |" for f, row in _rows(stats, frames, stances)]
    lines += ["", "Frame x stance x language x split (positives):", "",
              "| frame | stance | " + " | ".join(f"{l} {s}" for l in langs for s in ("train", "dev", "test")) + " |",
              "| --- " * (2 + 3 * len(langs)) + "|"]
    for f in frames:
        for st in stances:
            cells = [stats.frame_stance_lang_split[f"{f}/{st}/{l}/{s}"] for l in langs for s in ("train", "dev", "test")]
            lines.append(f"| `{f}` | {st} | " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


@app.command()
def agree(
    first: Annotated[Path, typer.Argument(help="One annotation (labelled JSONL), e.g. the gold labels.")],
    second: Annotated[Path, typer.Argument(help="Another annotation of the same sentences (same doc_id and sent_id).")],
    taxonomy: TaxonomyOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Inter-coder agreement between two annotations of the same sentences.

    Per frame: positive agreement (F1) and Cohen's kappa; on the frames both coders marked,
    stance and attribution agreement with their kappa. Sentences are paired by doc_id and
    sent_id; any split. Sentences in only one file, or whose texts differ, are left out and counted.
    """
    tax = taxonomy_or_exit(taxonomy)
    loaded = []
    for path in (first, second):
        sentences, issues = load_labelled(path, tax)  # an unreadable file comes back as an issue
        for issue in issues:
            err.print(f"error: {issue}", markup=False)
        if not sentences:
            err.print(f"error: {path}: no labelled sentences", markup=False)
            raise typer.Exit(1)
        loaded.append({(s.doc_id, s.sent_id): s for s in sentences})
    a, b = loaded
    shared = [k for k in a if k in b]
    keys = [k for k in shared if a[k].text.strip() == b[k].text.strip()]
    differ = len(shared) - len(keys)
    for label, n in ((f"only in {first}", len(a) - len(shared)), (f"only in {second}", len(b) - len(shared)),
                     ("in both files with different texts", differ)):
        if n:
            err.print(f"note: {n} sentence{'s' if n != 1 else ''} {label}: left out", markup=False)
    if not keys:
        err.print("error: the two files share no sentence (same doc_id, sent_id and text)", markup=False)
        raise typer.Exit(1)
    labels = lambda s: {f.frame: (f.stance, f.source) for f in s.frames}  # noqa: E731
    result = agreement([labels(a[k]) for k in keys], [labels(b[k]) for k in keys], tax.frame_ids)
    result.update(first=str(first), second=str(second), taxonomy=tax.name)
    if as_json:
        out.print_json(json.dumps(result, ensure_ascii=False))
        return
    fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    table = Table(title=f"agreement on {result['n_sentences']} sentences", title_justify="left")
    for col in ("frame", "first", "second", "both", "F1", "kappa"):
        table.add_column(col, justify="left" if col == "frame" else "right")
    for f in tax.frame_ids:
        r = result["frames"][f]
        table.add_row(f, str(r["first"]), str(r["second"]), str(r["both"]), fmt(r["f1"]), fmt(r["kappa"]))
    table.add_row("[bold]macro F1 / mean kappa", "", "", "", fmt(result["macro_f1"]), fmt(result["mean_kappa"]))
    for name in ("stance", "attribution"):
        r = result[name]
        table.add_row(f"[bold]{name} (on {r['n']} shared frames)", "", "", "", f"{fmt(r['agreement'])} agree", fmt(r["kappa"]))
    out.print(table)

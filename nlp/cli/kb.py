"""``framing kb validate|stats``: check and describe a knowledge-base file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nlp.cli._console import err, out

app = typer.Typer(help="Check and describe the entity knowledge base (JSONL, one entity a line).", no_args_is_help=True)

KBArg = Annotated[Path | None, typer.Argument(help="KB file (default: the bundled corpora/kb/entities.jsonl).", show_default=False)]


@app.command("validate")
def validate(
    path: KBArg = None,
    show_warnings: Annotated[bool, typer.Option("--warnings", help="Also list shared aliases and missing languages.")] = False,
) -> None:
    """Check schema, ids, duplicate aliases and metonym owners; one line per problem, exit 1 if any."""
    from nlp.linking.kb import validate_kb

    kb, errors, warnings = validate_kb(path)
    for e in errors:
        err.print(f"error: {e}", markup=False)
    if show_warnings:
        for w in warnings:
            err.print(f"warning: {w}", markup=False)
    n = len(kb) if kb else 0
    out.print(f"{n} entities, {len(errors)} errors, {len(warnings)} warnings" + ("" if show_warnings or not warnings else " (--warnings lists them)"))
    if errors:
        raise typer.Exit(1)


@app.command("stats")
def stats(
    path: KBArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Entities by type, aliases per language, metonyms and ambiguous names."""
    from nlp.linking.kb import KBError, load_kb

    try:
        kb = load_kb(path)
    except KBError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    for e in kb.errors:
        err.print(f"error: {e}", markup=False)
    s = kb.stats()
    if as_json:
        print(json.dumps(s, ensure_ascii=False))
        return
    table = Table(title=f"{kb.path}: {s['entities']} entities")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for t, n in s["by_type"].items():
        table.add_row(f"type {t}", str(n))
    for lang in ("en", "ru", "ja"):
        table.add_row(f"aliases {lang}", str(s["aliases"][lang]))
        table.add_row(f"entities without a {lang} alias", str(s["missing_language"][lang]))
        table.add_row(f"ambiguous {lang} names", str(s["ambiguous_keys"][lang]))
    table.add_row("entities with metonyms", str(s["with_metonyms"]))
    table.add_row("entities with context cues", str(s["with_context"]))
    out.print(table)

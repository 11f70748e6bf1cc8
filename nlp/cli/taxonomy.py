"""``framing taxonomy``: validate a taxonomy file and list its frames and stances."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from nlp.cli._console import err, out
from nlp.cli._options import taxonomy_or_exit


def taxonomy(
    path: Annotated[str | None, typer.Argument(help="Taxonomy YAML file (default: the bundled one).")] = None,
) -> None:
    """Validate a taxonomy file and show its frames, with definitions, and its stances."""
    tax = taxonomy_or_exit(path)
    table = Table(title=f"{tax.title or tax.id} (version {tax.version})", title_justify="left")
    table.add_column("frame", no_wrap=True)
    table.add_column("label")
    table.add_column("definition", ratio=1)
    for f in tax.frames:
        table.add_row(f.id, f.label, f.definition)
    out.print(table)
    out.print("stances: " + ", ".join(tax.stance_ids))
    err.print(f"[green]ok:[/] {len(tax.frames)} frames, {len(tax.stances)} stances")

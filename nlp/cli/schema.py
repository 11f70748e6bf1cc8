"""``framing schema``: print the JSON Schema of a data contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from nlp.schema import SCHEMAS, json_schema


def schema(
    name: Annotated[str, typer.Argument(help=f"Which contract: {', '.join(SCHEMAS)}.")] = "annotation",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of printing.")] = None,
) -> None:
    """Print the JSON Schema of the input document or the annotation output."""
    try:
        text = json.dumps(json_schema(name), indent=2, ensure_ascii=False)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="NAME") from None
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)

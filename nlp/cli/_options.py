"""CLI options shared by commands that read a corpus, with help taken from LoadOptions."""

from __future__ import annotations

from typing import Annotated

import typer

from corpora.loader import LoadOptions


def _help(field: str) -> str:
    return LoadOptions.model_fields[field].description or ""


Inputs = Annotated[list[str], typer.Argument(help="Files, folders, glob patterns, saved Hugging Face datasets, or hf:NAME.", show_default=False)]
TextField = Annotated[str, typer.Option("--text-field", help=_help("text_field"))]
IdField = Annotated[str, typer.Option("--id-field", help=_help("id_field"))]
Lang = Annotated[str | None, typer.Option("--lang", help=_help("lang"))]
Split = Annotated[str | None, typer.Option("--split", help=_help("split"))]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help=_help("max_bytes"))]
MaxChars = Annotated[int, typer.Option("--max-chars", help=_help("max_chars"))]
Clean = Annotated[bool, typer.Option("--clean/--no-clean", help=_help("clean"))]
Dedup = Annotated[bool, typer.Option("--dedup/--no-dedup", help=_help("dedup"))]


def load_options(text_field: str, id_field: str, lang: str | None, split: str | None, max_bytes: int,
                 max_chars: int, clean: bool, dedup: bool) -> LoadOptions:
    return LoadOptions(text_field=text_field, id_field=id_field, lang=lang, split=split, max_bytes=max_bytes,
                       max_chars=max_chars, clean=clean, dedup=dedup)


TaxonomyOpt = Annotated[str | None, typer.Option("--taxonomy", help="Taxonomy YAML file (default: the bundled Japan–Russia taxonomy).")]


def taxonomy_or_exit(path: str | None):  # type: ignore[no-untyped-def]
    """Load a taxonomy, turning a bad file into a one-line CLI error."""
    from nlp.cli._console import err
    from nlp.taxonomy import TaxonomyError, load_taxonomy

    try:
        return load_taxonomy(path)
    except TaxonomyError as exc:
        err.print(f"error: --taxonomy: {exc}", markup=False)
        raise typer.Exit(2) from None

"""Entry point of the ``framing`` command."""

from __future__ import annotations

import typer

from nlp import __version__
from nlp.cli import annotate, classify, corpus, data, evaluate, kb, link, report, schema, serve, taxonomy, train

app = typer.Typer(
    name="framing",
    help="Frames, stance and attribution in news corpora: load, annotate, classify, train, serve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(corpus.app, name="corpus")
app.add_typer(data.app, name="data")
app.add_typer(kb.app, name="kb")
app.command("annotate")(annotate.annotate)
app.command("train")(train.train)
app.command("evaluate")(evaluate.evaluate)
app.command("classify")(classify.classify)
app.command("link")(link.link)
app.command("evaluate-links")(link.evaluate_links)
app.command("serve")(serve.serve)
app.command("taxonomy")(taxonomy.taxonomy)
app.command("schema")(schema.schema)
app.command("report")(report.report)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"framing {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Frames, stance and attribution in news corpora."""


if __name__ == "__main__":  # pragma: no cover
    app()

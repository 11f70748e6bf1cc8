"""``framing train``: fine-tune a frame/stance model from a recipe in training/configs/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nlp.cli._console import err

DEFAULT_CONFIG = Path("training/configs/default.yaml")


def train(
    config: Annotated[Path, typer.Option("--config", "-c", help="Training recipe (YAML); every setting is in it.")] = DEFAULT_CONFIG,
    data: Annotated[str | None, typer.Option("--data", help="Override: labelled sentences (JSONL).")] = None,
    extra_train: Annotated[list[str] | None, typer.Option("--extra-train", metavar="FILE", help="Override: more labelled files whose train-split lines are trained on too (repeat for several).")] = None,
    taxonomy: Annotated[str | None, typer.Option("--taxonomy", help="Override: taxonomy YAML.")] = None,
    base_model: Annotated[str | None, typer.Option("--base-model", help="Override: e5-small, minilm, a local folder or a hub name.")] = None,
    output_dir: Annotated[str | None, typer.Option("--output", "-o", help="Override: where the model folder is written.")] = None,
    epochs: Annotated[float | None, typer.Option("--epochs", help="Override: maximum epochs.")] = None,
    method: Annotated[str | None, typer.Option("--method", help="Override: lora or full.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Override: random seed.")] = None,
) -> None:
    """Fine-tune an encoder on labelled sentences, write a model folder with its card, and evaluate it.

    Progress and per-epoch dev scores are shown as it trains; an interrupted run resumes from its last checkpoint when started again with the same output folder.
    """
    from training.config import ConfigError, TrainConfig

    try:
        cfg = TrainConfig.from_yaml(config, data=data, extra_train=extra_train or None, taxonomy=taxonomy, base_model=base_model, output_dir=output_dir,
                                    epochs=epochs, method=method, seed=seed)
    except ConfigError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    from nlp.taxonomy import TaxonomyError
    from training.train import train as run

    try:
        results = run(cfg, recipe=str(config))
    except (ValueError, TaxonomyError, OSError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    test = results["test"]["results"]
    err.print(f"[green]wrote[/] {cfg.output_dir}  test macro-F1 {test['model']['macro_f1']:.3f} "
              f"(keywords {test['keywords']['macro_f1']:.3f}); card: {cfg.output_dir}/README.md")

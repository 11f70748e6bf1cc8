"""The model card (README.md in the model folder): what it is, how it was made, how well it does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from training.config import TrainConfig


def write_card(model_dir: Path, config: TrainConfig, meta: Any, results: dict[str, Any]) -> Path:
    extra = meta.extra
    lines = [
        f"# {meta.name} {meta.version}",
        "",
        f"Frame, stance and attribution tagger for the taxonomy `{extra['taxonomy']}`, fine-tuned from the base encoder "
        f"`{meta.base_model}` ({_storage(meta)}).",
        "Each sentence gets zero or more frames, a stance per frame and whether the claim is the author's or a source's, with the speaker's span when it is named.",
        "",
        "## How it was made",
        "",
        f"- Data: `{config.data}` (train split"
        + "".join(f", plus the train split of `{path}`" for path in config.extra_train)
        + (f": {extra['train_sentences']:,} training sentences" if "train_sentences" in extra else "")
        + "; early stopping on dev macro-F1; per-frame thresholds picked on dev).",
        f"- Method: {config.method}" + (f" (r={config.lora.r}, alpha={config.lora.alpha}, dropout {config.lora.dropout:g}, modules {', '.join(config.lora.target_modules)}"
                                        + (f", layers {', '.join(map(str, config.lora.layers))}" if config.lora.layers else "") + ")"
                                        if config.method == 'lora' else " (word embeddings frozen)" if config.freeze_embeddings else "")
        + f"; {config.epochs:g} epochs max, batch {config.batch_size}, learning rate {config.learning_rate:g}"
        + (f" for the top layer, times {config.layer_lr_decay:g} per layer below" if config.layer_lr_decay != 1 else "")
        + f", max length {config.max_length}, "
        f"context window {config.context_window} (dropped for {config.context_dropout:.0%} of training examples), seed {config.seed}"
        + (", bfloat16 autocast" if config.bf16 else "")
        + (", stance classes weighted by the square root of their rarity" if config.stance_class_weights == "sqrt" else "")
        + (", a stance head shared by all frames added to each frame's own" if config.shared_stance_head else "")
        + ", loss weights " + ", ".join(f"{k} {v:g}" for k, v in config.loss_weights.model_dump().items()) + ".",
        *([f"- Weights: {extra['weight_averaging']['chosen']} (dev macro-F1 after decoding: "
           + ", ".join(f"{name} {score:.3f}" for name, score in extra["weight_averaging"]["dev_macro_f1"].items()) + ")."]
          if extra.get("weight_averaging") else []),
        *([f"- Cue words: a match of one of the taxonomy's keywords for a frame adds {meta.keyword_weight:g} to that frame's logit "
           f"(weight chosen on dev from {', '.join(f'{w:g}' for w in sorted({0.0, *config.keyword_weights}))})."]
          if config.keyword_weights else []),
        f"- Reproduce: `framing train --config {extra.get('recipe') or '<recipe>.yaml'}` (the full config is also in `framing_model.json`).",
        f"- Training time: {extra['train_seconds'] / 60:.1f} minutes on {extra['machine']}.",
        f"- Best dev macro-F1 during training: {extra['best_dev_macro_f1']:.3f}.",
        "",
        "## Evaluation",
        "",
        "Computed by `framing evaluate` on the saved model, beside the keyword and zero-shot baselines on the same sentences.",
        "Stance and attribution are scored on the frames the system found correctly.",
        "",
    ]
    for name, res in results.items():
        systems = res["results"]
        lines += [f"### {name}: `{res['data']}` ({res['split'] or 'all'} split, {res['sentences']} sentences)", ""]
        header = "| | " + " | ".join(systems) + " |"
        lines += [header, "| --- " * (len(systems) + 1) + "|"]
        rows = [("frame macro-F1", lambda s: s["macro_f1"]), ("frame micro-F1", lambda s: s["micro_f1"]),
                ("stance accuracy", lambda s: s["stance"]["accuracy"]), ("stance macro-F1", lambda s: s["stance"]["macro_f1"]),
                ("attribution accuracy", lambda s: s["attribution"]["accuracy"])]
        for label, get in rows:
            lines.append(f"| {label} | " + " | ".join(f"{get(s):.3f}" for s in systems.values()) + " |")
        model = systems["model"]
        for lang, scores in model.get("by_lang", {}).items():
            lines.append(f"| macro-F1 ({lang}, {scores['n_sentences']} sentences) | " + " | ".join(
                f"{s['by_lang'][lang]['macro_f1']:.3f}" for s in systems.values()) + " |")
        lines += ["", "| frame | precision | recall | F1 | support | keywords F1 |", "| --- | --- | --- | --- | --- | --- |"]
        for frame, sc in model["frames"].items():
            lines.append(f"| `{frame}` | {sc['precision']:.3f} | {sc['recall']:.3f} | {sc['f1']:.3f} | {sc['support']} | {systems['keywords']['frames'][frame]['f1']:.3f} |")
        lines.append("")
    lines += [
        "## Known limits",
        "",
        "- Trained on sentences written for the project (see the corpus data card); real news is messier, which the real-text evaluation above shows.",
        "- Speaker spans are only as good as the training examples that name their speaker in the sentence; pronouns and speakers named in an earlier sentence come out as `source`.",
        "- One taxonomy: to tag other frames, train on data labelled with your own taxonomy file.",
        *(["- The folder holds the encoder's change from its base, so it loads only on top of the very same base weights "
           f"(`{meta.base_model}`); other weights, such as another version of the base's package, are refused when loading."]
          if meta.delta_bits else []),
        "",
    ]
    path = model_dir / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _storage(meta: Any) -> str:
    if meta.storage == "adapter":
        return "LoRA adapters and heads; the base weights are not in this folder"
    if meta.storage.startswith("delta-"):
        return (f"full fine-tune, saved as each changed weight's difference from the base, quantised to {meta.delta_bits} bits with one "
                "scale per row; the base weights are not in this folder")
    return "full fine-tune"

"""Training speed: seconds per optimisation step for the recipes' settings, against float32 LoRA.

Each variant runs the same training steps (forward, loss over the four heads, backward, AdamW step)
on the same batches of real training sentences with context, in one process:

- baseline: float32, LoRA on all 12 layers (the default recipe before bfloat16);
- bf16: the same under bfloat16 autocast (`bf16: true` in a recipe; weights stay float32);
- top6 / top6 + bf16: LoRA on the top six layers only (`lora.layers`), so gradients stop halfway;
- bf16 with LoRA dropout 0 (`lora.dropout: 0`): peft then skips the dropout copy of every adapted
  layer's input (the LoRA recipe, `training/configs/lora.yaml`, model 1.3);
- bf16, full fine-tuning with the word embeddings frozen (`method: full`, `freeze_embeddings: true`):
  the default recipe since model 1.4.

Warm-up steps come first (oneDNN builds its bfloat16 kernels on the first call), then the timed
steps. The result says nothing about quality: that is for `framing train` and the dev split.

    .venv/bin/python benchmarks/bench_train.py [--steps 12] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time

import torch

from corpora.labelled import load_labelled
from nlp.encoders import resolve_base_model
from nlp.frames.model import FrameStanceModel
from nlp.taxonomy import load_taxonomy
from training.config import TrainConfig
from training.train import Collator, _features

# (label, LoRA layers (None: all; "full": no LoRA, every weight but the word embeddings trains), bfloat16
# autocast, LoRA dropout; 0.1 was the recipe's up to model 1.2)
VARIANTS = [("float32, all layers (baseline)", None, False, 0.1), ("bf16, all layers", None, True, 0.1),
            ("float32, top 6 layers", list(range(6, 12)), False, 0.1), ("bf16, top 6 layers", list(range(6, 12)), True, 0.1),
            ("bf16, all layers, LoRA dropout 0", None, True, 0.0),
            ("bf16, full fine-tuning, word embeddings frozen", "full", True, 0.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=12, help="timed steps per variant")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps per variant first")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel, AutoTokenizer

    config = TrainConfig.from_yaml("training/configs/lora.yaml")
    full_lr = TrainConfig.from_yaml("training/configs/default.yaml").learning_rate  # the full fine-tuning recipe's rate
    taxonomy = load_taxonomy(config.taxonomy)
    sentences, _ = load_labelled(config.data, taxonomy, "train")
    random.Random(0).shuffle(sentences)
    base = resolve_base_model(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(base)
    n = args.batch_size * (args.steps + args.warmup)
    features = _features(sentences[:n], taxonomy, tokenizer, config)
    collate = Collator(tokenizer.pad_token_id or 0)
    rows = [features[i] for i in range(len(features))]
    batches = [collate(rows[i : i + args.batch_size]) for i in range(0, n, args.batch_size)]
    for b in batches:
        b.pop("length", None)

    results = []
    for label, layers, bf16, dropout in VARIANTS:
        torch.manual_seed(0)
        encoder = AutoModel.from_pretrained(base, add_pooling_layer=False)
        if layers == "full":
            encoder.get_input_embeddings().weight.requires_grad_(False)
        else:
            encoder = get_peft_model(encoder, LoraConfig(r=config.lora.r, lora_alpha=config.lora.alpha, lora_dropout=dropout,
                                                         target_modules=config.lora.target_modules, layers_to_transform=layers))
        model = FrameStanceModel(encoder, len(taxonomy.frame_ids), len(taxonomy.stance_ids))
        model.train()
        optim = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=full_lr if layers == "full" else config.learning_rate)
        times = []
        for i, batch in enumerate(batches):
            start = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = model(**batch)["loss"]
            loss.backward()
            optim.step()
            optim.zero_grad()
            if i >= args.warmup:
                times.append(time.perf_counter() - start)
        results.append((label, sum(times) / len(times)))
        print(f"{label}: {results[-1][1]:.3f} s/step", flush=True)

    base_time = results[0][1]
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}, Python {platform.python_version()}, "
          f"torch {torch.__version__}, {torch.get_num_threads()} threads; batch {args.batch_size}, {args.steps} timed steps "
          f"after {args.warmup} warm-up steps, max length {config.max_length}, context window {config.context_window}.\n")
    print("| variant | s/step | speed-up vs float32 all layers |")
    print("| --- | --- | --- |")
    for label, t in results:
        print(f"| {label} | {t:.3f} | {base_time / t:.2f}x |")


if __name__ == "__main__":
    main()

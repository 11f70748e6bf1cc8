"""Every setting of a training run, in one validated object (loaded from training/configs/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class ConfigError(ValueError):
    """A training config file is missing or invalid."""


class LoraSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    r: int = Field(8, gt=0, description="Rank of the low-rank update.")
    alpha: int = Field(16, gt=0, description="Scaling of the update (alpha / r).")
    dropout: float = Field(0.1, ge=0.0, lt=1.0, description="Dropout on the adapters' input. At 0 peft skips a dropout copy of every adapted "
                           "layer's input: 1.3x faster steps on CPU with bf16 (benchmarks/bench_train.py); the default recipe uses 0.")
    target_modules: list[str] = Field(default_factory=lambda: ["query", "key", "value", "dense"], description="Encoder modules that get adapters.")
    layers: list[int] | None = Field(None, description="Encoder layers that get adapters (default: all). Adapting only the top layers trains faster: gradients stop below them.")


class LossWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")

    frames: float = Field(1.0, ge=0, description="Weight of the frame loss (multi-label).")
    stance: float = Field(1.0, ge=0, description="Weight of the stance loss (on the frames present).")
    source: float = Field(0.5, ge=0, description="Weight of the author-or-source loss.")
    speaker: float = Field(0.5, ge=0, description="Weight of the speaker-span loss.")


class TrainConfig(BaseModel):
    """A training recipe. Relative paths are resolved against the current directory."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("framing-model", description="Name recorded in the model folder and card.")
    version: str = Field("0.1", description="Version recorded in the model folder and card.")
    base_model: str = Field("e5-small", description="Base encoder: e5-small, minilm, a local folder or a hub name.")
    taxonomy: str | None = Field(None, description="Taxonomy YAML (default: the bundled one).")
    data: str = Field("corpora/labelled/sentences.jsonl", description="Labelled sentences (JSONL) with train/dev/test splits.")
    extra_train: list[str] = Field(default_factory=list, description="More labelled files (JSONL) to train on: their train-split lines are "
                                   "added to those of data; dev and test always come from data alone.")
    output_dir: str = Field("models/framing-model", description="Where the model folder is written.")
    method: Literal["lora", "full"] = Field("lora", description="LoRA adapters on a frozen encoder, or full fine-tuning.")
    lora: LoraSettings = Field(default_factory=LoraSettings)
    freeze_embeddings: bool = Field(False, description="With method full: keep the word embeddings fixed (96M of multilingual-e5-small's "
                                    "118M weights, most of them rows for tokens the data never uses), so that only the transformer layers train.")
    encoder_storage: Literal["encoder", "delta-int4", "delta-int8"] = Field(
        "encoder", description="With method full: how the tuned encoder is saved. 'encoder': the whole encoder (about 470 MB for e5-small). "
        "'delta-int4' / 'delta-int8': only its change from the base encoder, quantised to 4 or 8 bits per weight with one scale per row "
        "(about 11 / 21 MB for e5-small's layers); loading needs the same base. Dev thresholds are picked on the quantised weights.")
    epochs: float = Field(6, gt=0)
    batch_size: int = Field(16, gt=0)
    eval_batch_size: int = Field(64, gt=0)
    learning_rate: float = Field(5e-4, gt=0, description="Learning rate of the encoder (its LoRA adapters, or all of it).")
    head_learning_rate: float = Field(3e-3, gt=0, description="Learning rate of the classification heads, which start from scratch.")
    layer_lr_decay: float = Field(1.0, gt=0, le=1, description="Layer-wise learning-rate decay: the top transformer layer trains at "
                                  "learning_rate, each layer below at this factor times the one above, and the embeddings at one factor less "
                                  "again (1: one rate for the whole encoder).")
    weight_decay: float = Field(0.01, ge=0)
    warmup_ratio: float = Field(0.06, ge=0, lt=1)
    max_length: int = Field(128, ge=16, le=512, description="Tokens per example (sentence plus context).")
    context_window: int = Field(1, ge=0, le=3, description="Neighbouring sentences on each side used as context.")
    context_dropout: float = Field(0.3, ge=0, le=1, description="Share of training examples shown without context, so single sentences work too.")
    max_pos_weight: float = Field(4.0, ge=1, description="Cap on the positive-class weight of rare frames.")
    loss_weights: LossWeights = Field(default_factory=LossWeights, description="How much each head's loss counts in the total.")
    stance_class_weights: Literal["none", "sqrt"] = Field("none", description="Weights of the stance classes in the stance loss: "
                                                          "'sqrt' weighs each by the square root of (commonest stance's count / its count) in train.")
    shared_stance_head: bool = Field(False, description="Add a stance classifier shared by all frames to each frame's own, so that "
                                     "stance cues common to all frames (debunks, hedges) are learned from every frame's examples.")
    average_last: list[int] = Field(default_factory=list, description="Also try the mean of the adapter and head weights of the last k "
                                    "epochs, for each k listed; the candidate (this or the early-stopping pick) with the best dev macro-F1 is kept. "
                                    "Each epoch's weights are written to <output>.checkpoints/epoch-weights/ (a few MB with LoRA; "
                                    "the whole encoder, about 0.5 GB for e5-small, with full fine-tuning).")
    early_stopping_patience: int = Field(2, ge=1, description="Evaluations without dev macro-F1 gain before stopping.")
    tune_thresholds: bool = Field(True, description="Pick a per-frame threshold on the dev split after training.")
    keyword_weights: list[float] = Field(default_factory=list, description="Weights to try (on the dev split, with 0) for "
                                         "adding the taxonomy's cue-word matches to the frame logits; [] leaves them out.")
    bf16: bool = Field(False, description="Train under bfloat16 autocast (weights stay float32): 1.6x faster steps on a CPU with "
                       "AVX-512 BF16 (benchmarks/bench_train.py), also fast with AMX and on recent GPUs; much slower on CPUs without them.")
    seed: int = 13
    threads: int | None = Field(None, description="CPU threads for torch (default: all cores).")
    resume: bool = Field(True, description="Continue from the last checkpoint of an interrupted run with the same output_dir.")
    eval_sets: dict[str, str] = Field(default_factory=dict, description="Extra labelled files to evaluate the final model on (name: path); missing files are skipped.")

    @model_validator(mode="after")
    def _full_only(self) -> "TrainConfig":
        if self.method != "full":
            if self.encoder_storage != "encoder":
                raise ValueError("encoder_storage applies to method full (a LoRA model always saves its adapter)")
            if self.freeze_embeddings:
                raise ValueError("freeze_embeddings applies to method full (LoRA leaves every base weight fixed)")
        return self

    @classmethod
    def from_yaml(cls, path: str | Path, **overrides: object) -> "TrainConfig":
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from None
        data.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"{path}: {loc + ': ' if loc else ''}{first['msg']}") from None

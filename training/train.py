"""Fine-tune a frame/stance/attribution model with the transformers Trainer.

``train(config)`` reads the labelled corpus and taxonomy, builds the encoder (with LoRA
adapters, or fully trainable), trains with early stopping on dev macro-F1, picks per-frame
thresholds on dev, writes the model folder with its card, then evaluates the saved model on
the test split (and any extra evaluation sets) beside the baselines.
"""

from __future__ import annotations

import json
import math
import platform
import random
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from corpora.labelled import LabelledSentence, load_labelled
from nlp import __version__
from nlp.metrics import evaluate
from nlp.taxonomy import Taxonomy, load_taxonomy
from training.config import TrainConfig
from training.evaluate import ModelTagger, document_contexts

LABEL_NAMES = ["frame_labels", "stance_labels", "source_labels", "speaker_labels"]


def train(config: TrainConfig, progress: bool = True, recipe: str | None = None) -> dict[str, Any]:
    """Run a training recipe end to end; returns the evaluation results written beside the model.

    ``recipe`` is the config file's path, recorded in the model card's reproduce line.
    """
    import torch
    from transformers import AutoModel, AutoTokenizer, EarlyStoppingCallback, Trainer, TrainingArguments, set_seed

    from nlp.encoders import canonical_base_name, quiet_transformers, resolve_base_model
    from nlp.frames.classifier import FrameClassifier, ModelMeta
    from nlp.frames.delta import round_trip, storage_bits
    from nlp.frames.model import FrameStanceModel

    quiet_transformers()
    started = time.time()
    set_seed(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)
    taxonomy = load_taxonomy(config.taxonomy)
    sentences, issues = load_labelled(config.data, taxonomy)
    if issues:
        raise ValueError(f"{len(issues)} invalid lines in {config.data}, first: {issues[0]} (run `framing data validate`)")
    sentences += _extra_train(config.extra_train, taxonomy, {s.doc_id for s in sentences})
    by_split = _split(sentences)
    for split in ("train", "dev"):
        if not by_split[split]:
            raise ValueError(f"{config.data}: the {split} split is empty")

    base_path = resolve_base_model(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(base_path)
    encoder = AutoModel.from_pretrained(base_path, add_pooling_layer=False)
    if config.method == "lora":
        from peft import LoraConfig, get_peft_model

        encoder = get_peft_model(encoder, LoraConfig(r=config.lora.r, lora_alpha=config.lora.alpha, lora_dropout=config.lora.dropout,
                                                     target_modules=config.lora.target_modules, bias="none",
                                                     layers_to_transform=config.lora.layers))
    elif config.freeze_embeddings:
        encoder.get_input_embeddings().weight.requires_grad_(False)
    base_state = None
    delta_bits = storage_bits(config.encoder_storage)
    if delta_bits:  # the base weights, to save the change from them
        base_state = {name: value.detach().clone() for name, value in encoder.state_dict().items()}
    network = FrameStanceModel(encoder, len(taxonomy.frame_ids), len(taxonomy.stance_ids), shared_stance=config.shared_stance_head)
    network.loss_weights = config.loss_weights.model_dump()
    pos_weight, prior_logit = _frame_priors(by_split["train"], taxonomy, config.max_pos_weight)
    network.frame_pos_weight.copy_(torch.tensor(pos_weight))
    if config.stance_class_weights == "sqrt":
        network.stance_class_weight = torch.tensor(_stance_weights(by_split["train"], taxonomy))
    with torch.no_grad():  # start each frame logit at its (weighted) base rate instead of 0.5
        network.frame_head.bias.copy_(torch.tensor(prior_logit))
    optimizer = _optimizer(network, config)

    rng = random.Random(config.seed)
    train_set = _features(by_split["train"], taxonomy, tokenizer, config, drop_context=lambda: rng.random() < config.context_dropout)
    dev_set = _features(by_split["dev"], taxonomy, tokenizer, config)

    output = Path(config.output_dir)
    checkpoints = output.with_name(output.name + ".checkpoints")
    args = TrainingArguments(
        output_dir=str(checkpoints),
        num_train_epochs=config.epochs,
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.eval_batch_size,
        learning_rate=config.learning_rate,
        weight_decay=config.weight_decay,
        warmup_steps=config.warmup_ratio,  # a float below 1 is a share of the training steps
        lr_scheduler_type="linear",
        eval_strategy="epoch",
        save_strategy="epoch",
        save_total_limit=1,
        load_best_model_at_end=True,
        metric_for_best_model="macro_f1",
        greater_is_better=True,
        logging_strategy="epoch",
        seed=config.seed,
        data_seed=config.seed,
        bf16=config.bf16,
        use_cpu=not torch.cuda.is_available(),
        report_to=[],
        remove_unused_columns=False,
        label_names=LABEL_NAMES,
        disable_tqdm=not progress,
        dataloader_num_workers=0,
        train_sampling_strategy="group_by_length",  # less padding: CPU time goes to tokens, not pad
        length_column_name="length",
    )
    trainer = Trainer(
        model=network,
        args=args,
        train_dataset=train_set,
        eval_dataset=dev_set,
        data_collator=Collator(tokenizer.pad_token_id or 0),
        compute_metrics=lambda p: _dev_metrics(p, taxonomy),
        callbacks=[EarlyStoppingCallback(early_stopping_patience=config.early_stopping_patience)],
        optimizers=(optimizer, None),  # the Trainer adds the warm-up and linear decay schedule
    )
    resume = config.resume and any(checkpoints.glob("checkpoint-*"))
    snapshots = checkpoints / "epoch-weights"
    if config.average_last:
        if not resume and snapshots.is_dir():
            for old in snapshots.glob("epoch-*.safetensors"):  # from an earlier run into the same folder
                old.unlink()
        trainer.add_callback(_snapshot_callback(snapshots, network))
    trainer.train(resume_from_checkpoint=True if resume else None)
    train_seconds = round(time.time() - started, 1)

    thresholds = {f: 0.5 for f in taxonomy.frame_ids}
    keyword_weight = 0.0
    averaging: dict[str, Any] | None = None
    if config.tune_thresholds or config.keyword_weights or config.average_last:
        keywords = _keyword_matrix(by_split["dev"], taxonomy)

        def decode_on_dev() -> tuple[float, dict[str, float], float]:
            # float32 and, for a delta, quantised: as the saved model runs (the Trainer would predict under bf16 autocast)
            if delta_bits:
                round_trip(network.encoder, base_state, delta_bits)
            logits, labels = _dev_logits(network, dev_set, Collator(tokenizer.pad_token_id or 0), config.eval_batch_size)
            return _tune_decoding(logits, labels, keywords, taxonomy.frame_ids, config.keyword_weights, config.tune_thresholds)

        keyword_weight, thresholds, dev_macro = decode_on_dev()
        if config.average_last:
            averaging = _pick_average(network, sorted(snapshots.glob("epoch-*.safetensors")), config.average_last,
                                      (keyword_weight, thresholds, dev_macro), decode_on_dev)
            keyword_weight, thresholds = averaging.pop("decoding")
    if delta_bits:  # as saved (the weights chosen may not have been through decode_on_dev)
        round_trip(network.encoder, base_state, delta_bits)

    meta = ModelMeta(
        base_model=canonical_base_name(config.base_model),
        frame_ids=taxonomy.frame_ids,
        stance_ids=taxonomy.stance_ids,
        name=config.name,
        version=config.version,
        max_length=config.max_length,
        context_window=config.context_window,
        thresholds=thresholds,
        keyword_weight=keyword_weight,
        storage="adapter" if config.method == "lora" else config.encoder_storage,
        extra={"taxonomy": taxonomy.name, "toolkit": __version__, "config": config.model_dump(), "recipe": recipe,
               "train_seconds": train_seconds, "machine": _machine(), "best_dev_macro_f1": trainer.state.best_metric,
               "train_sentences": len(by_split["train"]),
               **({"weight_averaging": averaging} if averaging else {})},
    )
    network.eval()
    FrameClassifier(network, tokenizer, meta, taxonomy).save(output, base_state=base_state)

    results = evaluate_model_dir(output, config, taxonomy)
    meta.metrics = _headline(results)
    from training.card import write_card

    saved = json.loads((output / "framing_model.json").read_text(encoding="utf-8"))
    saved["metrics"] = meta.metrics
    (output / "framing_model.json").write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (output / "metrics.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_card(output, config, meta, results)
    return results


def evaluate_model_dir(model_dir: Path, config: TrainConfig, taxonomy: Taxonomy) -> dict[str, Any]:
    """Evaluate a saved model on the test split and the config's extra sets, beside the baselines."""
    from nlp.frames.classifier import FrameClassifier
    from training.evaluate import evaluate_file

    clf = FrameClassifier.load(model_dir)
    results = {"test": evaluate_file(config.data, taxonomy, "test", taggers=[ModelTagger(clf)])}
    for name, path in config.eval_sets.items():
        if Path(path).is_file():
            results[name] = evaluate_file(path, taxonomy, None, taggers=[ModelTagger(clf)])
    return results


class Collator:
    """Pads a batch; speaker labels pad with the ignore index."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        import torch

        from nlp.frames.model import IGNORE

        longest = max(len(r["input_ids"]) for r in rows)
        batch: dict[str, Any] = {}
        for key, fill in (("input_ids", self.pad_id), ("attention_mask", 0), ("token_type_ids", 0), ("target_mask", 0), ("speaker_labels", IGNORE)):
            if key in rows[0]:
                batch[key] = torch.tensor([r[key] + [fill] * (longest - len(r[key])) for r in rows], dtype=torch.long)
        for key in ("frame_labels", "stance_labels", "source_labels"):
            batch[key] = torch.tensor([r[key] for r in rows], dtype=torch.long)
        return batch


def _extra_train(paths: list[str], taxonomy: Taxonomy, doc_ids: set[str]) -> list[LabelledSentence]:
    """The train-split sentences of each extra file; a document id may not be in two files (contexts would mix)."""
    out: list[LabelledSentence] = []
    for path in paths:
        extra, issues = load_labelled(path, taxonomy)
        if issues:
            raise ValueError(f"{len(issues)} invalid lines in {path}, first: {issues[0]} (run `framing data validate {path}`)")
        extra = [s for s in extra if s.split == "train"]
        if not extra:
            raise ValueError(f"{path}: no train-split sentences")
        clash = sorted({s.doc_id for s in extra} & doc_ids)
        if clash:
            raise ValueError(f"{path}: document {clash[0]!r} is also in another input file ({len(clash)} shared doc_id(s))")
        doc_ids |= {s.doc_id for s in extra}
        out += extra
    return out


def _split(sentences: list[LabelledSentence]) -> dict[str, list[LabelledSentence]]:
    out: dict[str, list[LabelledSentence]] = defaultdict(list)
    for s in sentences:
        out[s.split].append(s)
    return out


def _features(sentences: list[LabelledSentence], taxonomy: Taxonomy, tokenizer: Any, config: TrainConfig, drop_context: Any = None) -> Any:
    from datasets import Dataset

    from nlp.frames.features import encode_batch, label_arrays

    contexts = document_contexts(sentences, config.context_window)
    if drop_context is not None:
        contexts = ["" if drop_context() else c for c in contexts]
    texts = [s.text for s in sentences]
    enc = encode_batch(tokenizer, texts, contexts, config.max_length)
    labels = label_arrays([{f.frame: (f.stance, f.source) for f in s.frames} for s in sentences], texts, enc.pop("offsets"),
                          enc["target_mask"], taxonomy.frame_ids, taxonomy.stance_ids)
    return Dataset.from_dict({**enc, **labels, "length": [len(ids) for ids in enc["input_ids"]]})


def _frame_priors(sentences: list[LabelledSentence], taxonomy: Taxonomy, cap: float) -> tuple[list[float], list[float]]:
    """Per frame: the positive-class weight (sqrt of the imbalance, capped) and the matching start logit."""
    n = len(sentences)
    weights, logits = [], []
    for frame in taxonomy.frame_ids:
        pos = sum(1 for s in sentences if frame in s.frame_ids)
        prior = min(max(pos / n, 1e-3), 1 - 1e-3) if n else 0.5
        weight = min(cap, math.sqrt((n - pos) / pos)) if pos else 1.0
        weights.append(weight)
        logits.append(math.log(weight * prior / (1 - prior)))
    return weights, logits


def _optimizer(network: Any, config: TrainConfig) -> Any:
    """AdamW with a higher learning rate for the freshly initialised heads than for the encoder, and with
    ``layer_lr_decay`` below 1, lower rates for lower encoder layers (see :func:`encoder_lr_scales`)."""
    import torch

    heads, encoder = [], []
    for name, param in network.named_parameters():
        if param.requires_grad:
            (encoder if name.startswith("encoder.") else heads).append((name, param))
    scales = encoder_lr_scales([name for name, _ in encoder], config.layer_lr_decay)
    by_scale: dict[float, list[Any]] = {}
    for (_, param), scale in zip(encoder, scales):
        by_scale.setdefault(scale, []).append(param)
    groups = [{"params": params, "lr": config.learning_rate * scale} for scale, params in sorted(by_scale.items(), reverse=True)]
    groups.append({"params": [p for _, p in heads], "lr": config.head_learning_rate})
    return torch.optim.AdamW([g for g in groups if g["params"]], weight_decay=config.weight_decay)


_LAYER = re.compile(r"\.layer\.(\d+)\.")


def encoder_lr_scales(names: list[str], decay: float) -> list[float]:
    """The learning-rate factor of each encoder parameter, by name: ``decay ** (top - i)`` for a parameter in
    transformer layer ``i`` (``top`` being the highest layer), ``decay ** (top + 1)`` for everything outside
    the layers (embeddings). All 1 when ``decay`` is 1 or no layer is found."""
    layers = [int(m.group(1)) if (m := _LAYER.search(name)) else None for name in names]
    found = [i for i in layers if i is not None]
    if decay == 1 or not found:
        return [1.0] * len(names)
    top = max(found)
    return [decay ** (top - i) if i is not None else decay ** (top + 1) for i in layers]


def _dev_metrics(pred: Any, taxonomy: Taxonomy) -> dict[str, float]:
    import numpy as np

    frame_logits, stance_logits, source_logits = pred.predictions[:3]
    frame_y, stance_y, source_y = pred.label_ids[:3]
    gold, guess = [], []
    for b in range(frame_y.shape[0]):
        g, p = {}, {}
        for i, f in enumerate(taxonomy.frame_ids):
            if frame_y[b, i]:
                g[f] = (taxonomy.stance_ids[stance_y[b, i]], "author" if source_y[b, i] == 0 else "source")
            if frame_logits[b, i] > 0:
                p[f] = (taxonomy.stance_ids[int(np.argmax(stance_logits[b, i]))], "author" if source_logits[b, i] <= 0 else "source")
        gold.append(g)
        guess.append(p)
    scores = evaluate(gold, guess, taxonomy.frame_ids, taxonomy.stance_ids)
    return {"macro_f1": scores["macro_f1"], "micro_f1": scores["micro_f1"], "stance_macro_f1": scores["stance"]["macro_f1"],
            "attribution_accuracy": scores["attribution"]["accuracy"]}


def _dev_logits(network: Any, dataset: Any, collate: Collator, batch_size: int) -> tuple[Any, Any]:
    """Frame logits and labels of ``dataset`` from a float32 forward pass, in dataset order."""
    import numpy as np
    import torch

    network.eval()
    device = next(network.parameters()).device
    logits = []
    with torch.inference_mode():
        for start in range(0, len(dataset), batch_size):
            batch = collate([dataset[i] for i in range(start, min(start + batch_size, len(dataset)))])
            inputs = {k: v.to(device) for k, v in batch.items() if k not in LABEL_NAMES}
            logits.append(network(**inputs)["frame_logits"].float().cpu().numpy())
    return np.concatenate(logits), np.array(dataset["frame_labels"])


def _keyword_matrix(sentences: list[LabelledSentence], taxonomy: Taxonomy) -> Any:
    """(sentences x frames) 0/1: the sentence has one of the taxonomy's cue words for the frame."""
    import numpy as np

    from nlp.baselines.keywords import KeywordBaseline

    rows = KeywordBaseline(taxonomy).cue_matrix([s.text for s in sentences], [s.lang for s in sentences], taxonomy.frame_ids)
    return np.array(rows, dtype=np.float32).reshape(len(sentences), len(taxonomy.frame_ids))


def _stance_weights(sentences: list[LabelledSentence], taxonomy: Taxonomy) -> list[float]:
    """Per stance: sqrt(count of the commonest stance / its count) over the train frames (1 for an unseen stance)."""
    counts = {s: 0 for s in taxonomy.stance_ids}
    for sentence in sentences:
        for label in sentence.frames:
            counts[label.stance] += 1
    top = max(counts.values(), default=0)
    return [math.sqrt(top / counts[s]) if counts[s] else 1.0 for s in taxonomy.stance_ids]


def _weights_snapshot(network: Any) -> dict[str, Any]:
    """Copies of the trainable weights and the heads' float buffers (batch-norm statistics)."""
    out = {n: p.detach().float().cpu().clone() for n, p in network.named_parameters() if p.requires_grad}
    out.update({n: b.detach().float().cpu().clone() for n, b in network.named_buffers() if not n.startswith("encoder.") and b.is_floating_point()})
    return out


def _load_weights(network: Any, state: dict[str, Any], where: Path | None = None) -> None:
    unexpected = network.load_state_dict(state, strict=False).unexpected_keys
    if unexpected:
        raise ValueError(f"{where or 'weights snapshot'}: epoch weights do not fit this network ({', '.join(unexpected[:3])}); "
                         "they come from another recipe: delete the folder and train again")


def _snapshot_callback(folder: Path, network: Any) -> Any:
    """A Trainer callback that writes ``_weights_snapshot`` at the end of every epoch."""
    from safetensors.torch import save_file
    from transformers import TrainerCallback

    class EpochSnapshots(TrainerCallback):
        def on_epoch_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            folder.mkdir(parents=True, exist_ok=True)
            save_file({k: v.contiguous() for k, v in _weights_snapshot(network).items()}, str(folder / f"epoch-{round(state.epoch):03d}.safetensors"))

    return EpochSnapshots()


def _pick_average(network: Any, snapshots: list[Path], ks: list[int], picked: tuple[float, dict[str, float], float],
                  decode_on_dev: Any) -> dict[str, Any]:
    """Try the mean weights of the last k epoch snapshots for each k; keep the best on dev macro-F1.

    The early-stopping pick stays unless a mean beats it by 0.002. Leaves the chosen weights in
    ``network``; returns the dev scores, the choice and its decoding (keyword weight, thresholds).
    """
    from safetensors.torch import load_file

    start = _weights_snapshot(network)
    scores = {"early-stopping pick": round(picked[2], 4)}
    best: tuple[float, int | None, Any, Any] = (picked[2], None, start, picked[:2])
    for k in sorted(set(ks)):
        if k < 2 or k > len(snapshots):
            continue
        try:
            states = [load_file(str(p)) for p in snapshots[-k:]]
        except Exception as exc:  # safetensors raises its own error type for a cut-off file
            raise ValueError(f"{snapshots[0].parent}: cannot read the epoch weights: {exc}") from None
        mean = {name: sum(s[name] for s in states) / k for name in states[0]}
        _load_weights(network, mean, snapshots[0].parent)
        weight, thresholds, macro = decode_on_dev()
        scores[f"mean of last {k} epochs"] = round(macro, 4)
        if macro > best[0] + 0.002:
            best = (macro, k, mean, (weight, thresholds))
    _load_weights(network, best[2])
    chosen = "early-stopping pick" if best[1] is None else f"mean of last {best[1]} epochs"
    return {"dev_macro_f1": scores, "chosen": chosen, "decoding": best[3]}


def _tune_decoding(frame_logits: Any, frame_labels: Any, keywords: Any, frame_ids: list[str], weights: list[float],
                   tune_thresholds: bool) -> tuple[float, dict[str, float], float]:
    """The keyword weight (from ``weights``, 0 always tried) and per-frame thresholds with the best dev macro-F1, and that macro-F1.

    A larger weight must beat a smaller one by 0.002 macro-F1 to be chosen, so that noise does
    not pick it.
    """
    import numpy as np

    best: tuple[float, float, dict[str, float]] | None = None
    for weight in sorted({0.0, *weights}):
        logits = frame_logits + weight * keywords
        thresholds = _tune_thresholds(logits, frame_labels, frame_ids) if tune_thresholds else {f: 0.5 for f in frame_ids}
        cut = np.array([thresholds[f] for f in frame_ids])
        pred, gold = 1 / (1 + np.exp(-logits)) >= cut, frame_labels == 1
        tp = (pred & gold).sum(0)
        denom = pred.sum(0) + gold.sum(0)
        macro = float(np.mean(np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)))
        if best is None or macro > best[0] + 0.002:
            best = (macro, weight, thresholds)
    assert best is not None
    return best[1], best[2], best[0]


def _tune_thresholds(frame_logits: Any, frame_labels: Any, frame_ids: list[str]) -> dict[str, float]:
    """Per frame, the probability threshold with the best dev F1 (0.5 when no positives)."""
    import numpy as np

    probs = 1 / (1 + np.exp(-frame_logits))
    out = {}
    for i, frame in enumerate(frame_ids):
        y = frame_labels[:, i] == 1
        best, best_f1 = 0.5, -1.0
        if y.sum():
            for t in np.arange(0.2, 0.81, 0.05):
                p = probs[:, i] >= t
                tp = float((p & y).sum())
                f1 = 2 * tp / (p.sum() + y.sum()) if p.sum() + y.sum() else 0.0
                if f1 > best_f1 + 1e-9:
                    best, best_f1 = float(round(t, 2)), f1
        out[frame] = best
    return out


def _headline(results: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, res in results.items():
        model = res["results"]["model"]
        out[name] = {"macro_f1": model["macro_f1"], "micro_f1": model["micro_f1"], "stance_macro_f1": model["stance"]["macro_f1"],
                     "attribution_accuracy": model["attribution"]["accuracy"],
                     "keywords_macro_f1": res["results"]["keywords"]["macro_f1"]}
    return out


def _machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}, Python {platform.python_version()}"

"""Load a frame/stance model folder and tag sentences with it.

A model folder holds ``framing_model.json`` (base encoder, labels, thresholds, metrics), the
taxonomy it was trained on, ``heads.safetensors``, and the tuned encoder in one of three forms:
a LoRA ``adapter/`` over a bundled base encoder (a few MB), ``encoder_delta.safetensors``, a fully
fine-tuned encoder's quantised change from a bundled base (about 11 MB at 4 bits; see
:mod:`nlp.frames.delta`), or the whole ``encoder/``. It also has a model card (``README.md``).

>>> clf = FrameClassifier.load()                      # doctest: +SKIP
>>> clf.predict("Tokyo has not eased any sanctions.")  # doctest: +SKIP
[FramePrediction(frame='sanctions_eased', stance='contest', score=0.97, source='author')]
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.schema import FramePrediction
from nlp.taxonomy import Taxonomy, load_taxonomy

META_FILE = "framing_model.json"
FORMAT = "framing-frames/1"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "corpora" / "models" / "default"
UNNAMED_SOURCE = "source"
STORAGES = ("adapter", "encoder", "delta-int4", "delta-int8")


class ModelLoadError(RuntimeError):
    """A model folder is missing, incomplete or of another format."""


@dataclass
class ModelMeta:
    base_model: str
    frame_ids: list[str]
    stance_ids: list[str]
    name: str = "framing-model"
    version: str = "0"
    max_length: int = 128
    context_window: int = 1
    thresholds: dict[str, float] = field(default_factory=dict)
    # Added to a frame's logit when one of the taxonomy's cue words for it is in the sentence
    # (0: off). Chosen on the dev split by `framing train`.
    keyword_weight: float = 0.0
    adapter: bool = True
    # How the encoder is kept: "adapter" (LoRA over the base), "encoder" (the whole encoder), or
    # "delta-int4" / "delta-int8" (its change from the base, quantised). Empty in folders written
    # before 1.4: read from ``adapter``.
    storage: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.storage:
            self.storage = "adapter" if self.adapter else "encoder"
        if self.storage not in STORAGES:
            raise ValueError(f"unknown storage {self.storage!r} (expected one of {', '.join(STORAGES)})")
        self.adapter = self.storage == "adapter"

    @property
    def delta_bits(self) -> int:
        """4 or 8 for an encoder kept as a quantised change from its base; 0 otherwise."""
        from nlp.frames.delta import storage_bits

        return storage_bits(self.storage)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **{k: v for k, v in self.__dict__.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ModelMeta":
        data = dict(data)
        if data.pop("format", None) != FORMAT:
            raise ModelLoadError(f"not a {FORMAT} model")
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def resolve_model_dir(model: str | Path | None) -> Path:
    """``None`` or ``"default"`` is the bundled default model; otherwise a local folder."""
    if model is None or str(model) == "default":
        path = DEFAULT_MODEL_DIR
    else:
        path = Path(model).expanduser()
    if not (path / META_FILE).is_file():
        hint = "the bundled default model is missing from this install" if path == DEFAULT_MODEL_DIR else "expected a folder written by `framing train`"
        raise ModelLoadError(f"{path}: no {META_FILE} ({hint})")
    return path


class FrameClassifier:
    """Tags sentences with frames, a stance per frame and the source that holds it."""

    def __init__(self, network: Any, tokenizer: Any, meta: ModelMeta, taxonomy: Taxonomy, path: Path | None = None) -> None:
        self.network = network.eval()
        self.tokenizer = tokenizer
        self.meta = meta
        self.taxonomy = taxonomy
        self.path = path
        self.name = meta.name
        self._keywords: Any = None  # the taxonomy's cue words, loaded when a keyword weight first needs them

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, model: str | Path | None = None, threads: int | None = None) -> "FrameClassifier":
        import torch
        from safetensors.torch import load_file

        from nlp.encoders import quiet_transformers
        from nlp.frames.model import FrameStanceModel

        quiet_transformers()
        path = resolve_model_dir(model)
        if threads:
            torch.set_num_threads(threads)
        try:
            meta = ModelMeta.from_json(json.loads((path / META_FILE).read_text(encoding="utf-8")))
        except (ValueError, TypeError) as exc:
            raise ModelLoadError(f"{path / META_FILE}: {exc}") from None
        taxonomy = load_taxonomy(path / "taxonomy.yaml")
        from nlp.encoders import EncoderNotAvailable
        from nlp.frames.delta import DeltaError

        try:
            encoder, tokenizer = cls._load_encoder(path, meta)
        except (OSError, EncoderNotAvailable) as exc:  # base weights not found (offline with a hub name, a moved folder...)
            raise ModelLoadError(f"{path}: cannot load the base encoder {meta.base_model!r}: {' '.join(str(exc).split())[:300]}") from None
        except DeltaError as exc:
            raise ModelLoadError(str(exc)) from None
        heads = load_file(str(path / "heads.safetensors"))
        network = FrameStanceModel(encoder, len(meta.frame_ids), len(meta.stance_ids), shared_stance="stance_shared.weight" in heads)
        missing, unexpected = network.load_state_dict(heads, strict=False)
        bad = [k for k in missing if not k.startswith("encoder.")] + list(unexpected)
        if bad:
            raise ModelLoadError(f"{path / 'heads.safetensors'}: does not fit the network ({', '.join(bad[:3])})")
        return cls(network, tokenizer, meta, taxonomy, path)

    @staticmethod
    def _load_encoder(path: Path, meta: ModelMeta) -> tuple[Any, Any]:
        from transformers import AutoModel, AutoTokenizer

        from nlp.encoders import resolve_base_model

        if meta.adapter:
            from peft import PeftModel

            base = resolve_base_model(meta.base_model)
            encoder = AutoModel.from_pretrained(base, add_pooling_layer=False)
            encoder = PeftModel.from_pretrained(encoder, str(path / "adapter")).merge_and_unload()
            tokenizer = AutoTokenizer.from_pretrained(base)
        elif meta.delta_bits:
            from nlp.frames.delta import DELTA_FILE, load_into

            if not (path / DELTA_FILE).is_file():
                raise ModelLoadError(f"{path}: no {DELTA_FILE} (the model's encoder weights)")
            base = resolve_base_model(meta.base_model)
            encoder = AutoModel.from_pretrained(base, add_pooling_layer=False)
            load_into(path / DELTA_FILE, encoder)
            tokenizer = AutoTokenizer.from_pretrained(base)
        else:
            encoder = AutoModel.from_pretrained(str(path / "encoder"), add_pooling_layer=False)
            tokenizer = AutoTokenizer.from_pretrained(str(path / "encoder"))
        return encoder, tokenizer

    def save(self, path: str | Path, card: str | None = None, base_state: dict[str, Any] | None = None) -> Path:
        """Write the model folder: adapter (or encoder, or its delta), heads, taxonomy, metadata and card.

        ``base_state``: the base encoder's weights, for a delta (loaded from the base model when not given).
        """
        from safetensors.torch import save_file

        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        encoder = self.network.encoder
        if self.meta.adapter:
            encoder.save_pretrained(str(tmp / "adapter"))
            # peft writes a template card and this machine's path to the base; the folder's own
            # card and framing_model.json say what the base is.
            (tmp / "adapter" / "README.md").unlink(missing_ok=True)
            config_path = tmp / "adapter" / "adapter_config.json"
            adapter_config = json.loads(config_path.read_text(encoding="utf-8"))
            adapter_config["base_model_name_or_path"] = self.meta.base_model
            config_path.write_text(json.dumps(adapter_config, indent=2) + "\n", encoding="utf-8")
        elif self.meta.delta_bits:
            from nlp.frames.delta import DELTA_FILE
            from nlp.frames.delta import save as save_delta

            if base_state is None:
                from transformers import AutoModel

                from nlp.encoders import resolve_base_model

                base_state = AutoModel.from_pretrained(resolve_base_model(self.meta.base_model), add_pooling_layer=False).state_dict()
            save_delta(tmp / DELTA_FILE, encoder, base_state, self.meta.delta_bits)
        else:
            encoder.save_pretrained(str(tmp / "encoder"))
            self.tokenizer.save_pretrained(str(tmp / "encoder"))
        heads = {k: v.detach().contiguous() for k, v in self.network.heads_state_dict().items()}
        save_file(heads, str(tmp / "heads.safetensors"))
        (tmp / "taxonomy.yaml").write_text(_taxonomy_yaml(self.taxonomy), encoding="utf-8")
        (tmp / META_FILE).write_text(json.dumps(self.meta.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if card:
            (tmp / "README.md").write_text(card, encoding="utf-8")
        if path.exists():
            shutil.rmtree(path)
        tmp.rename(path)
        self.path = path
        return path

    # --------------------------------------------------------------- inference
    def predict(self, text: str, lang: str | None = None, context: str | None = None) -> list[FramePrediction]:
        return self.predict_many([text], [lang], [context] if context else None)[0]

    def predict_many(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None] | None = None,
        contexts: Sequence[str] | None = None,
        batch_size: int = 32,
    ) -> list[list[FramePrediction]]:
        """Tag many sentences; batches are length-bucketed and results come back in input order."""
        import torch

        from nlp.frames.features import encode_batch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]) + (len(contexts[i]) if contexts else 0))
        results: list[list[FramePrediction]] = [[] for _ in texts]
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                batch_texts = [texts[i] for i in idx]
                batch_ctx = [contexts[i] for i in idx] if contexts else None
                enc = encode_batch(self.tokenizer, batch_texts, batch_ctx, self.meta.max_length)
                tensors = _pad(enc, self.tokenizer.pad_token_id or 0)
                out = self.network(**tensors)
                if self.meta.keyword_weight:
                    out["frame_logits"] = out["frame_logits"] + self.meta.keyword_weight * self.keyword_features(
                        batch_texts, [langs[i] if langs else None for i in idx])
                decoded = self._decode(out, batch_texts, enc["offsets"], enc["target_mask"])
                for i, preds in zip(idx, decoded):
                    results[i] = preds
        return results

    def keyword_features(self, texts: Sequence[str], langs: Sequence[str | None]) -> Any:
        """A (texts x frames) 0/1 tensor: does the sentence contain one of the frame's cue words?"""
        import torch

        from nlp.baselines.keywords import KeywordBaseline

        if self._keywords is None:
            self._keywords = KeywordBaseline(self.taxonomy)
        if not all(langs):
            from nlp.langid import detect_language

            langs = [lang or detect_language(text).lang for text, lang in zip(texts, langs)]
        return torch.tensor(self._keywords.cue_matrix(list(texts), list(langs), self.meta.frame_ids))

    def _decode(self, out: dict[str, Any], texts: list[str], offsets: list[list[tuple[int, int]]], masks: list[list[int]]) -> list[list[FramePrediction]]:
        import torch

        frame_p = torch.sigmoid(out["frame_logits"]).tolist()
        stance_p = torch.softmax(out["stance_logits"], dim=-1).tolist()
        source_p = torch.sigmoid(out["source_logits"]).tolist()
        speaker_p = torch.sigmoid(out["speaker_logits"]).tolist()
        batch = []
        for b, text in enumerate(texts):
            preds = []
            speaker = None
            for i, frame in enumerate(self.meta.frame_ids):
                p = frame_p[b][i]
                if p < self.meta.thresholds.get(frame, 0.5):
                    continue
                stances = stance_p[b][i]
                stance = self.meta.stance_ids[max(range(len(stances)), key=stances.__getitem__)]
                source = "author"
                if source_p[b][i] >= 0.5:
                    if speaker is None:
                        speaker = _speaker_span(text, speaker_p[b], offsets[b], masks[b]) or UNNAMED_SOURCE
                    source = speaker
                preds.append(FramePrediction(frame=frame, stance=stance, score=round(p, 4), source=source))
            batch.append(preds)
        return batch


def _speaker_span(text: str, probs: list[float], offsets: list[tuple[int, int]], mask: list[int], threshold: float = 0.5) -> str | None:
    """The contiguous run of target tokens around the most likely speaker token."""
    candidates = [t for t, m in enumerate(mask) if m and offsets[t][1] > offsets[t][0]]
    if not candidates:
        return None
    best = max(candidates, key=lambda t: probs[t])
    if probs[best] < threshold:
        return None
    left = right = best
    while left - 1 in candidates and probs[left - 1] >= threshold:
        left -= 1
    while right + 1 in candidates and probs[right + 1] >= threshold:
        right += 1
    span = text[offsets[left][0] : offsets[right][1]].strip(" ,.:;«»\"“”'")
    return span or None


def _pad(enc: dict[str, Any], pad_id: int) -> dict[str, Any]:
    import torch

    longest = max(len(ids) for ids in enc["input_ids"])
    out = {}
    for key in ("input_ids", "attention_mask", "token_type_ids", "target_mask"):
        if key not in enc:
            continue
        fill = pad_id if key == "input_ids" else 0
        out[key] = torch.tensor([row + [fill] * (longest - len(row)) for row in enc[key]], dtype=torch.long)
    return out


def _taxonomy_yaml(taxonomy: Taxonomy) -> str:
    import yaml

    return yaml.safe_dump(taxonomy.model_dump(), allow_unicode=True, sort_keys=False)

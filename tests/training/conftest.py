"""Tiny models and data for training tests: a 2-layer, 32-wide BERT built from a config, never downloaded."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.nlp.test_taxonomy import TINY

TEMPLATES = {
    "cost_burden": ["power bills rose again in {p}", "households in {p} pay more for energy", "the levy made heating expensive in {p}"],
    "green_growth": ["solar jobs boom in {p}", "new wind investment brings growth to {p}", "battery factories hire workers in {p}"],
    "energy_security": ["gas imports to {p} fell", "the pipeline supply to {p} stopped", "{p} cut its dependence on imported fuel"],
}
PLACES = ["the north", "the south", "the capital", "the coast", "the valley", "the islands", "the east", "the west"]
NEUTRAL = ["the weather was mild on sunday", "the festival opened with music", "the football team won again", "a new museum opened"]


def write_tiny_corpus(path: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    rows, doc = [], 0
    for split, n_docs in (("train", 12), ("dev", 3), ("test", 3)):
        for _ in range(n_docs):
            doc += 1
            for sent_id in range(4):
                if sent_id == 3:
                    rows.append({"doc_id": f"d{doc}", "sent_id": sent_id, "text": rng.choice(NEUTRAL) + ".", "lang": "en", "split": split, "frames": []})
                    continue
                frame = rng.choice(sorted(TEMPLATES))
                text = rng.choice(TEMPLATES[frame]).format(p=rng.choice(PLACES))
                negated = rng.random() < 0.25
                quoted = rng.random() < 0.3
                if negated:
                    text = "it is not true that " + text
                if quoted:
                    text = text + ", the minister said"
                rows.append({"doc_id": f"d{doc}", "sent_id": sent_id, "text": text[0].upper() + text[1:] + ".", "lang": "en", "split": split,
                             "frames": [{"frame": frame, "stance": "anti" if negated else "pro", "source": "the minister" if quoted else "author"}]})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def build_tiny_bert(folder: Path, corpus: Path) -> Path:
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=300, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]))
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
                                                       special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=128)
    fast.save_pretrained(str(folder))
    config = BertConfig(vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=37, max_position_embeddings=128)
    import torch

    torch.manual_seed(0)
    BertModel(config, add_pooling_layer=False).save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="session")
def tiny_setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tiny")
    corpus = write_tiny_corpus(root / "tiny.jsonl")
    base = build_tiny_bert(root / "tiny-bert", corpus)
    return {"root": root, "corpus": corpus, "base": base, "taxonomy": TINY}


def write_config(path: Path, setup: dict[str, Path], output: Path, **overrides: object) -> Path:
    import yaml

    config = {"name": "tiny", "version": "0.0", "base_model": str(setup["base"]), "taxonomy": str(setup["taxonomy"]),
              "data": str(setup["corpus"]), "output_dir": str(output), "method": "full", "epochs": 12, "batch_size": 8,
              "learning_rate": 0.003, "max_length": 64, "seed": 5, "early_stopping_patience": 12}
    config.update(overrides)
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path

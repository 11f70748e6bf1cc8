"""A fine-tuned encoder kept as its quantised change from the base: encoding, decoding and the base check."""

import pytest
import torch

from nlp.frames.delta import DeltaError, decode, dequantize, encode, fingerprint, quantize


@pytest.mark.parametrize("bits", [4, 8])
def test_quantized_changes_are_within_half_a_step_of_the_true_ones(bits):
    torch.manual_seed(0)
    change = torch.randn(6, 37) * 0.01  # an odd width: the last 4-bit byte is half padding
    change[2] = 0.0  # an unchanged row stays exactly unchanged
    codes, scale = quantize(change, bits)
    assert codes.dtype == torch.uint8 and codes.shape == ((6, 19) if bits == 4 else (6, 37))
    back = dequantize(codes, scale, bits, 37)
    assert back.shape == change.shape and (back[2] == 0).all()
    assert ((back - change).abs() <= scale[:, None] / 2 + 1e-9).all()
    # the largest change of each row is kept exactly (it sets the row's scale)
    rows = torch.arange(6)
    top = change.abs().argmax(dim=1)
    assert torch.allclose(back[rows, top], change[rows, top], atol=1e-7)


def test_only_changed_tensors_are_stored_and_decoding_restores_them():
    torch.manual_seed(1)
    base = {"layer.weight": torch.randn(8, 5), "layer.bias": torch.randn(8), "embeddings.weight": torch.randn(30, 5), "steps": torch.tensor([3])}
    tuned = {k: v.clone() for k, v in base.items()}
    tuned["layer.weight"] += 0.02 * torch.randn(8, 5)
    tuned["layer.bias"] += 0.1
    tensors, metadata = encode(tuned, base, 4)
    assert set(tensors) == {"layer.weight:q", "layer.weight:scale", "layer.bias"}  # the embeddings did not change
    assert metadata["bits"] == "4" and metadata["base_fingerprint"] == fingerprint(base)
    new = decode(tensors, metadata, base)
    assert set(new) == {"layer.weight", "layer.bias"}
    assert torch.equal(new["layer.bias"], tuned["layer.bias"])  # vectors are kept as they are
    assert (new["layer.weight"] - tuned["layer.weight"]).abs().max() < 0.02 * 4 / 7

    # a change means nothing on top of other base weights
    other = {k: v.clone() for k, v in base.items()}
    other["layer.bias"][0] += 1e-3
    with pytest.raises(DeltaError, match="other base weights"):
        decode(tensors, metadata, other)
    with pytest.raises(DeltaError, match="not a framing-delta"):
        decode(tensors, {**metadata, "format": "x"}, base)
    with pytest.raises(DeltaError, match="codes or scales of layer.weight are missing"):
        decode({"layer.bias": tensors["layer.bias"]}, metadata, base)
    with pytest.raises(DeltaError, match="unsupported bits"):
        decode(tensors, {**metadata, "bits": "four"}, base)
    with pytest.raises(DeltaError, match="another shape"):
        encode({"layer.weight": torch.zeros(2, 2)}, base, 4)

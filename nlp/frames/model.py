"""The network: a transformer encoder with four small heads.

- frames: one logit per frame (multi-label, sigmoid);
- stance: one distribution over stances per frame (softmax), optionally plus a part shared by all frames;
- source: one logit per frame, "attributed to someone other than the author";
- speaker: one logit per token of the target sentence, "part of the speaker's name".

The target sentence is the first segment and its neighbours the second; the sentence vector is
the mean of the target's token states, so context informs it through attention without
diluting it. Losses are masked where a label does not apply (stance and source only on frames
present; speaker spans only on sentences whose source was found in the text).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

IGNORE = -100


class FrameStanceModel(nn.Module):
    def __init__(self, encoder: nn.Module, n_frames: int, n_stances: int, dropout: float = 0.1, shared_stance: bool = False) -> None:
        super().__init__()
        hidden = encoder.config.hidden_size
        self.encoder = encoder
        self.n_frames, self.n_stances = n_frames, n_stances
        self.dropout = nn.Dropout(dropout)
        # Mean-pooled encoder states share a large common component; standardising each feature
        # over the batch (running statistics at inference) lets the fresh heads learn in far fewer steps.
        self.pool_norm = nn.BatchNorm1d(hidden)
        self.frame_head = nn.Linear(hidden, n_frames)
        self.stance_head = nn.Linear(hidden, n_frames * n_stances)
        # optional: stance evidence common to all frames (a debunk, a hedge), added to each frame's own
        self.stance_shared = nn.Linear(hidden, n_stances) if shared_stance else None
        self.source_head = nn.Linear(hidden, n_frames)
        self.speaker_head = nn.Linear(hidden, 1)
        self.register_buffer("frame_pos_weight", torch.ones(n_frames))
        self.loss_weights = {"frames": 1.0, "stance": 1.0, "source": 0.5, "speaker": 0.5}
        # per-stance weights of the stance loss (None: equal); set for training, not saved with the model
        self.stance_class_weight: torch.Tensor | None = None

    def heads_state_dict(self) -> dict[str, torch.Tensor]:
        return {k: v for k, v in self.state_dict().items() if not k.startswith("encoder.")}

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        target_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
        frame_labels: torch.Tensor | None = None,
        stance_labels: torch.Tensor | None = None,
        source_labels: torch.Tensor | None = None,
        speaker_labels: torch.Tensor | None = None,
    ) -> dict[str, torch.Tensor]:
        kwargs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            kwargs["token_type_ids"] = token_type_ids
        states = self.encoder(**kwargs).last_hidden_state
        mask = target_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        if self.training and pooled.size(0) == 1:
            # batch statistics of one example are meaningless: use the running ones
            norm = self.pool_norm
            pooled = F.batch_norm(pooled, norm.running_mean, norm.running_var, norm.weight, norm.bias, False, 0.0, norm.eps)
        else:
            pooled = self.pool_norm(pooled)
        pooled = self.dropout(pooled)
        # the heads run in this order on purpose: it fixes the order in which their gradients add up
        # in ``pooled``, and with it the exact numbers a seeded recipe reproduces
        frame_logits = self.frame_head(pooled)
        stance = self.stance_head(pooled).view(-1, self.n_frames, self.n_stances)
        if self.stance_shared is not None:
            stance = stance + self.stance_shared(pooled).unsqueeze(1)
        out = {
            "frame_logits": frame_logits,
            "stance_logits": stance,
            "source_logits": self.source_head(pooled),
            "speaker_logits": self.speaker_head(self.dropout(states)).squeeze(-1),
        }
        if frame_labels is not None:
            out["loss"] = self._loss(out, frame_labels, stance_labels, source_labels, speaker_labels)
        return out

    def _loss(self, out, frame_labels, stance_labels, source_labels, speaker_labels) -> torch.Tensor:  # type: ignore[no-untyped-def]
        w = self.loss_weights
        loss = w["frames"] * F.binary_cross_entropy_with_logits(
            out["frame_logits"], frame_labels.float(), pos_weight=self.frame_pos_weight
        )
        if stance_labels is not None and (stance_labels != IGNORE).any():
            logits = out["stance_logits"].reshape(-1, self.n_stances).float()
            weight = None if self.stance_class_weight is None else self.stance_class_weight.to(logits.device, torch.float32)
            loss = loss + w["stance"] * F.cross_entropy(logits, stance_labels.reshape(-1), weight=weight, ignore_index=IGNORE)
        if source_labels is not None:
            keep = source_labels != IGNORE
            if keep.any():
                loss = loss + w["source"] * F.binary_cross_entropy_with_logits(out["source_logits"][keep], source_labels[keep].float())
        if speaker_labels is not None:
            keep = speaker_labels != IGNORE
            if keep.any():
                loss = loss + w["speaker"] * F.binary_cross_entropy_with_logits(out["speaker_logits"][keep], speaker_labels[keep].float())
        return loss

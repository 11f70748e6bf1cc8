"""Baselines every evaluation reports beside the model: keyword cues (and, later, zero-shot similarity)."""

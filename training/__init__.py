"""Fine-tuning and evaluation of frame/stance classifiers (heavy imports stay inside functions)."""

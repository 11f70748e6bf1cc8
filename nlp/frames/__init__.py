"""Frame, stance and attribution classification (torch is imported only when a model is built or loaded)."""

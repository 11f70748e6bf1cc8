"""framing: frames, stance and attribution in news corpora.

Importing this package is cheap on purpose: nothing here imports torch, transformers,
spaCy or a model. Heavy parts are imported lazily by the functions that need them.
"""

__version__ = "0.1.0"

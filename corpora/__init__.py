"""Corpus readers, cleaning and the bundled data (taxonomy, knowledge base, labelled and sample corpora)."""

from pathlib import Path

from corpora.loader import LoadOptions, LoadReport, iter_documents, load_corpus

DATA_DIR = Path(__file__).resolve().parent
SAMPLE_CORPUS = DATA_DIR / "sample"

__all__ = ["DATA_DIR", "SAMPLE_CORPUS", "LoadOptions", "LoadReport", "iter_documents", "load_corpus"]

"""Cleaning of scraped news text: HTML main-text extraction, page furniture, repeated paragraphs."""

from corpora.clean.furniture import CleanResult, clean_text

__all__ = ["CleanResult", "clean_text"]

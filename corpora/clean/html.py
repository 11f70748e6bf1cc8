"""HTML main-text extraction with trafilatura (boilerplate, navigation and comments removed)."""

from __future__ import annotations

from typing import Any


class ExtractionError(ValueError):
    """The page has no main text that trafilatura can find."""


def extract_html(html: str) -> tuple[str, dict[str, Any]]:
    """Return ``(main_text, metadata)`` of an HTML page.

    Metadata holds ``title``, ``author``, ``date``, ``url`` and ``outlet`` where the page
    declares them. Paragraphs are separated by newlines, as the segmenter expects.
    """
    import trafilatura  # lazy: pulls lxml and friends

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise ExtractionError("no main text found in the HTML page")
    meta = {
        "title": getattr(doc, "title", None),
        "author": getattr(doc, "author", None),
        "date": getattr(doc, "date", None),
        "url": getattr(doc, "url", None),
        "outlet": getattr(doc, "sitename", None),
    }
    return text, {k: v for k, v in meta.items() if v}

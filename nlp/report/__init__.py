"""``framing report``: a self-contained HTML overview of an annotated corpus.

:mod:`nlp.report.aggregate` counts (no HTML), :mod:`nlp.report.charts` draws inline SVG,
:mod:`nlp.report.html` puts the page together. Nothing here imports torch or spaCy.
"""

from nlp.report.aggregate import Aggregator, CorpusReport, aggregate, iter_annotations
from nlp.report.html import render_html

__all__ = ["Aggregator", "CorpusReport", "aggregate", "iter_annotations", "render_html"]

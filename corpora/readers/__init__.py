"""Corpus readers: turn paths into raw records (text plus metadata) or one-line issues.

Readers never raise on bad input: they yield a :class:`LoadIssue` naming the file (and
line) and go on with the rest of the corpus.
"""

from corpora.readers.base import LoadIssue, RawRecord
from corpora.readers.dispatch import iter_records

__all__ = ["LoadIssue", "RawRecord", "iter_records"]

"""The corpus loader: paths in, clean segmented :class:`~nlp.schema.Document` objects out.

>>> from corpora import load_corpus, LoadReport
>>> report = LoadReport()
>>> docs = list(iter_documents(["corpora/sample"], report=report))  # doctest: +SKIP

Documents are streamed: nothing but a few bytes of duplicate-detection state per document
is kept, so memory stays flat however large the corpus. Problems with single inputs never
stop the run: they are collected in the :class:`LoadReport` as one-line issues.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from corpora.clean import clean_text
from corpora.dedup import DuplicateIndex
from corpora.readers import LoadIssue, RawRecord, iter_records
from nlp.langid import SUPPORTED, UNDETERMINED, detect_language
from nlp.schema import Document
from nlp.segment import segment

MAX_ISSUES_KEPT = 1000


class LoadOptions(BaseModel):
    """How to read and clean a corpus. Every field is also a CLI option."""

    model_config = ConfigDict(extra="forbid")

    text_field: str = Field("text", description="Column or key holding the text in tables.")
    id_field: str = Field("id", description="Column or key holding the document id in tables.")
    lang: str | None = Field(None, description="Language of every document (skips detection), e.g. en, ru, ja.")
    split: str | None = Field(None, description="Split of a Hugging Face dataset to read (all splits when unset).")
    max_bytes: int = Field(20_000_000, gt=0, description="Files larger than this many bytes are skipped and reported.")
    max_chars: int = Field(2_000_000, gt=0, description="Documents longer than this many characters are skipped and reported.")
    clean: bool = Field(True, description="Remove page furniture and repeated paragraphs.")
    dedup: bool = Field(True, description="Flag exact and near-duplicate documents across the corpus.")
    near_duplicate_threshold: float = Field(0.8, ge=0.0, le=1.0, description="Similarity at which documents count as near duplicates.")
    segment: bool = Field(True, description="Split documents into sentence units with offsets.")
    min_lang_score: float = Field(0.3, ge=0.0, le=1.0, description="Below this language-ID confidence a document is 'und'.")


class LoadReport(BaseModel):
    """What loading did: counts per step, and every problem in one line each."""

    documents: int = 0
    sentences: int = 0
    characters: int = 0
    inputs_by_kind: Counter[str] = Field(default_factory=Counter)
    languages: Counter[str] = Field(default_factory=Counter)
    encodings: Counter[str] = Field(default_factory=Counter)
    html_extracted: int = 0
    removed_lines: Counter[str] = Field(default_factory=Counter, description="Lines removed per cleaning rule.")
    documents_cleaned: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    errors: int = 0
    warnings: int = 0
    issues: list[str] = Field(default_factory=list, description=f"One line per problem (the first {MAX_ISSUES_KEPT}).")

    def add_issue(self, issue: LoadIssue) -> None:
        if issue.level == "error":
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.issues) < MAX_ISSUES_KEPT:
            self.issues.append(f"{issue.level}: {issue}")


def iter_documents(
    inputs: Iterable[str | Path], options: LoadOptions | None = None, report: LoadReport | None = None
) -> Iterator[Document]:
    """Yield clean, language-tagged, segmented documents from files, folders, globs and tables.

    Args:
        inputs: paths, folders, glob patterns, saved Hugging Face dataset folders, or ``hf:NAME``.
        options: reading and cleaning settings (:class:`LoadOptions`).
        report: filled in as documents stream past; pass one to see counts and issues.
    """
    options = options or LoadOptions()
    report = report if report is not None else LoadReport()
    dups = DuplicateIndex(threshold=options.near_duplicate_threshold) if options.dedup else None
    records = iter_records(
        inputs,
        text_field=options.text_field,
        id_field=options.id_field,
        max_bytes=options.max_bytes,
        max_chars=options.max_chars,
        split=options.split,
    )
    for item in records:
        if isinstance(item, LoadIssue):
            report.add_issue(item)
            continue
        doc = _build_document(item, options, report)
        if doc is None:
            continue
        if dups is not None:
            match = dups.check(doc.id, doc.text)
            if match is not None and match.exact:
                doc.duplicate_of = match.of
                report.exact_duplicates += 1
            elif match is not None:
                doc.near_duplicate_of, doc.similarity = match.of, match.similarity
                report.near_duplicates += 1
        report.documents += 1
        report.sentences += len(doc.sentences)
        report.characters += len(doc.text)
        report.inputs_by_kind[item.kind] += 1
        report.languages[doc.lang or UNDETERMINED] += 1
        if item.encoding:
            report.encodings[item.encoding] += 1
        yield doc


def load_corpus(inputs: Iterable[str | Path], options: LoadOptions | None = None) -> tuple[list[Document], LoadReport]:
    """Load a whole (small) corpus into memory. For large corpora use :func:`iter_documents`."""
    report = LoadReport()
    docs = list(iter_documents(inputs, options, report))
    return docs, report


def _build_document(record: RawRecord, options: LoadOptions, report: LoadReport) -> Document | None:
    text = record.text
    fields = dict(record.fields)
    if record.is_html:
        from corpora.clean.html import ExtractionError, extract_html

        try:
            text, html_meta = extract_html(text)
        except ExtractionError as exc:
            report.add_issue(LoadIssue(record.source, str(exc)))
            return None
        report.html_extracted += 1
        for key, value in html_meta.items():
            fields.setdefault(key, value)
    if len(text) > options.max_chars:
        report.add_issue(LoadIssue(record.source, f"document is {len(text):,} characters, over the {options.max_chars:,} limit (raise --max-chars to load it)"))
        return None
    removed: dict[str, int] = {}
    if options.clean:
        cleaned = clean_text(text)
        text, removed = cleaned.text, dict(cleaned.removed)
        if removed:
            report.documents_cleaned += 1
            report.removed_lines.update(cleaned.removed)
    else:
        text = text.strip()
    if not text.strip():
        report.add_issue(LoadIssue(record.source, "no text left after cleaning" if options.clean else "empty text"))
        return None
    lang = options.lang or fields.pop("lang", None)
    lang_score = None
    if lang:
        lang = lang.strip().lower()
    else:
        guess = detect_language(text, options.min_lang_score)
        lang, lang_score = guess.lang, round(guess.score, 3)
    if lang == UNDETERMINED:
        report.add_issue(LoadIssue(record.source, "language could not be identified; set lang in the metadata or pass --lang", "warning"))
    elif lang not in SUPPORTED:
        report.add_issue(LoadIssue(record.source, f"language {lang!r} is not one of {', '.join(SUPPORTED)}; segmented with the generic splitter", "warning"))
    fields.pop("lang", None)
    doc = Document(
        id=record.id or Path(record.source).name,
        text=text,
        lang=lang,
        lang_score=lang_score,
        source=record.source,
        meta=record.meta,
        removed=removed,
        **fields,
    )
    if options.segment:
        doc.sentences = segment(text, lang)
    return doc

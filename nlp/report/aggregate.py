"""Corpus aggregates for ``framing report``: plain counting over annotated documents, no HTML.

Documents are read one at a time (:func:`iter_annotations`) and folded into an
:class:`Aggregator`; only counters and the first ``max_docs`` documents (for the per-document
section of the page) are kept. :meth:`Aggregator.finish` returns a :class:`CorpusReport`.

Definitions used throughout:

- a *framed sentence* has at least one frame prediction;
- the *share* of frame F in a group is the number of framed sentences of that group carrying F
  (counted once, however many sources voice it) divided by the group's framed sentences;
- stance counts count frame predictions, so one sentence may add an endorse (author) and a
  contest (a quoted source) to the same frame.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from nlp.schema import AnnotatedDocument

GroupBy = Literal["outlet", "lang", "month"]
GROUP_BYS: tuple[str, ...] = ("outlet", "lang", "month")
UNKNOWN = "unknown"
AUTHOR = "author"
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def month_of(date: str | None) -> str | None:
    """``YYYY-MM`` of an ISO-like date string, or None when it does not start like one."""
    m = _MONTH.match((date or "").strip())
    return f"{m.group(1)}-{m.group(2)}" if m and 1 <= int(m.group(2)) <= 12 else None


def group_of(doc: AnnotatedDocument, by: str) -> str:
    """The group a document falls in: its outlet, language or publication month."""
    if by == "month":
        value = month_of(doc.date)
    elif by in ("outlet", "lang"):
        value = getattr(doc, by)
    else:
        raise ValueError(f"unknown grouping {by!r}; choose one of: {', '.join(GROUP_BYS)}")
    value = (value or "").strip()
    return value or UNKNOWN


def iter_annotations(path: str | Path, on_error: Callable[[str], None]) -> Iterator[AnnotatedDocument]:
    """Yield the valid documents of an annotation JSONL file, one line at a time.

    A line that is not JSON or fails validation is passed to ``on_error`` as
    ``"path:line: reason"`` and skipped; blank lines are ignored.
    """
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                on_error(f"{path}:{n}: malformed JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(data, dict):
                on_error(f"{path}:{n}: expected a JSON object, got {type(data).__name__}")
                continue
            try:
                yield AnnotatedDocument.model_validate(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"]) or "document"
                more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
                on_error(f"{path}:{n}: {loc}: {first['msg']}{more}")


@dataclass
class SourceRow:
    """A non-author source voicing one frame, with its predictions per stance."""

    source: str
    kb_id: str | None
    total: int
    stances: dict[str, int]


@dataclass
class EntityRow:
    """A linked entity: its most frequent name and label, mentions and documents mentioning it."""

    kb_id: str
    name: str
    label: str
    mentions: int
    documents: int


@dataclass
class CorpusReport:
    """Everything the report page shows, computed from the whole file."""

    corpus: str
    by: str
    documents: int = 0
    sentences: int = 0
    framed_sentences: int = 0
    entities: int = 0
    nil_mentions: int = 0
    date_min: str | None = None
    date_max: str | None = None
    versions: dict[str, list[str]] = field(default_factory=dict)
    frames: list[str] = field(default_factory=list)  # frames seen, taxonomy order first
    stances: list[str] = field(default_factory=list)  # taxonomy stances, then any others seen
    groups: list[str] = field(default_factory=list)
    framed_by_group: dict[str, int] = field(default_factory=dict)
    frame_sentences_by_group: dict[str, dict[str, int]] = field(default_factory=dict)
    share_by_group: dict[str, dict[str, float]] = field(default_factory=dict)
    stance_by_frame: dict[str, dict[str, int]] = field(default_factory=dict)
    dominant: list[str] = field(default_factory=list)  # the corpus's most dominant frames
    stance_by_group: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # frame -> group -> stance
    months: list[str] = field(default_factory=list)
    share_by_month: dict[str, dict[str, float]] = field(default_factory=dict)
    sources: dict[str, list[SourceRow]] = field(default_factory=dict)
    top_entities: list[EntityRow] = field(default_factory=list)
    shown: list[AnnotatedDocument] = field(default_factory=list)
    omitted: int = 0
    bad_lines: int = 0


def _share(counts: dict[str, int], total: int) -> dict[str, float]:
    return {f: (c / total if total else 0.0) for f, c in counts.items()}


class Aggregator:
    """Fold documents one by one into counters; :meth:`finish` builds the report."""

    def __init__(self, corpus: str, by: str = "outlet", frame_order: Iterable[str] = (), stance_order: Iterable[str] = (),
                 max_docs: int = 200, top_sources: int = 10, top_entities: int = 30, n_dominant: int = 3) -> None:
        if by not in GROUP_BYS:
            raise ValueError(f"unknown grouping {by!r}; choose one of: {', '.join(GROUP_BYS)}")
        self.corpus, self.by = corpus, by
        self.frame_order, self.stance_order = list(frame_order), list(stance_order)
        self.max_docs, self.top_sources, self.top_entities, self.n_dominant = max_docs, top_sources, top_entities, n_dominant
        self.report = CorpusReport(corpus=corpus, by=by)
        self.bad_lines = 0
        self._frames: Counter[str] = Counter()  # framed sentences per frame, corpus-wide
        self._stances: set[str] = set()
        self._versions: dict[str, set[str]] = defaultdict(set)
        self._framed_group: Counter[str] = Counter()
        self._frame_group: dict[str, Counter[str]] = defaultdict(Counter)
        self._framed_month: Counter[str] = Counter()
        self._frame_month: dict[str, Counter[str]] = defaultdict(Counter)
        self._stance_frame: dict[str, Counter[str]] = defaultdict(Counter)
        self._stance_frame_group: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._dominant: Counter[str] = Counter()
        self._sources: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (frame, source) -> stance
        self._source_kb: dict[tuple[str, str], str] = {}
        self._ent_mentions: Counter[str] = Counter()
        self._ent_docs: Counter[str] = Counter()
        self._ent_names: dict[str, Counter[str]] = defaultdict(Counter)
        self._ent_labels: dict[str, Counter[str]] = defaultdict(Counter)

    def error(self, message: str) -> None:
        """Count a skipped line (the caller reports the message)."""
        self.bad_lines += 1

    def add(self, doc: AnnotatedDocument) -> None:
        r = self.report
        r.documents += 1
        if len(r.shown) < self.max_docs:
            r.shown.append(doc)
        else:
            r.omitted += 1
        group, month = group_of(doc, self.by), month_of(doc.date)
        if month:
            day = doc.date.strip()[:10] if doc.date else month
            r.date_min = day if r.date_min is None else min(r.date_min, day)
            r.date_max = day if r.date_max is None else max(r.date_max, day)
        v = doc.versions
        for key, name, version in (("model", v.model, v.model_version), ("taxonomy", v.taxonomy, v.taxonomy_version),
                                   ("toolkit", v.toolkit, None)):
            if name or version:
                self._versions[key].add("@".join(p for p in (name, version) if p))
        for sent in doc.sentences:
            r.sentences += 1
            if not sent.frames:
                continue
            r.framed_sentences += 1
            self._framed_group[group] += 1
            if month:
                self._framed_month[month] += 1
            for frame in {p.frame for p in sent.frames}:
                self._frames[frame] += 1
                self._frame_group[group][frame] += 1
                if month:
                    self._frame_month[month][frame] += 1
            for p in sent.frames:
                self._stances.add(p.stance)
                self._stance_frame[p.frame][p.stance] += 1
                self._stance_frame_group[(p.frame, group)][p.stance] += 1
                if p.source and p.source != AUTHOR:
                    self._sources[(p.frame, p.source)][p.stance] += 1
                    if p.source_kb_id:
                        self._source_kb[(p.frame, p.source)] = p.source_kb_id
        self._dominant.update(dict.fromkeys(doc.dominant_frames, 1))
        seen: set[str] = set()
        for ent in doc.entities:
            r.entities += 1
            if not ent.kb_id:
                r.nil_mentions += 1
                continue
            self._ent_mentions[ent.kb_id] += 1
            self._ent_names[ent.kb_id][ent.name or ent.text] += 1
            self._ent_labels[ent.kb_id][ent.label] += 1
            seen.add(ent.kb_id)
        self._ent_docs.update(seen)

    def finish(self) -> CorpusReport:
        """Turn the counters into the report's tables (can be called once all documents are in)."""
        r = self.report
        r.bad_lines = self.bad_lines
        seen = set(self._frames) | set(self._stance_frame)
        r.frames = [f for f in self.frame_order if f in seen] + sorted(seen - set(self.frame_order))
        r.stances = list(self.stance_order) + sorted(self._stances - set(self.stance_order))
        r.versions = {k: sorted(vals) for k, vals in self._versions.items()}
        if self.by == "month":  # chronological; otherwise the biggest groups first
            r.groups = sorted(self._framed_group, key=lambda g: (g == UNKNOWN, g))
        else:
            r.groups = sorted(self._framed_group, key=lambda g: (g == UNKNOWN, -self._framed_group[g], g))
        r.framed_by_group = {g: self._framed_group[g] for g in r.groups}
        r.frame_sentences_by_group = {g: {f: self._frame_group[g][f] for f in r.frames} for g in r.groups}
        r.share_by_group = {g: _share(r.frame_sentences_by_group[g], r.framed_by_group[g]) for g in r.groups}
        r.stance_by_frame = {f: {s: self._stance_frame[f][s] for s in r.stances} for f in r.frames}
        rank = sorted(r.frames, key=lambda f: (-self._dominant[f], -self._frames[f], r.frames.index(f)))
        r.dominant = [f for f in rank if self._dominant[f] or self._frames[f]][: self.n_dominant]
        r.stance_by_group = {f: {g: {s: self._stance_frame_group[(f, g)][s] for s in r.stances} for g in r.groups}
                             for f in r.dominant}
        r.months = sorted(self._framed_month)
        r.share_by_month = {m: _share({f: self._frame_month[m][f] for f in r.frames}, self._framed_month[m]) for m in r.months}
        for f in r.frames:
            rows = [SourceRow(src, self._source_kb.get((frame, src)), sum(c.values()), {s: c[s] for s in r.stances})
                    for (frame, src), c in self._sources.items() if frame == f]
            rows.sort(key=lambda row: (-row.total, row.source))
            if rows:
                r.sources[f] = rows[: self.top_sources]
        top = sorted(self._ent_mentions, key=lambda k: (-self._ent_mentions[k], -self._ent_docs[k], k))[: self.top_entities]
        r.top_entities = [EntityRow(k, self._ent_names[k].most_common(1)[0][0], self._ent_labels[k].most_common(1)[0][0],
                                    self._ent_mentions[k], self._ent_docs[k]) for k in top]
        return r


def aggregate(docs: Iterable[AnnotatedDocument], corpus: str = "corpus", **options: object) -> CorpusReport:
    """Aggregate an iterable of documents in one call (see :class:`Aggregator` for the options)."""
    agg = Aggregator(corpus, **options)  # type: ignore[arg-type]
    for doc in docs:
        agg.add(doc)
    return agg.finish()

"""The labelled corpus: one sentence per JSONL line with frames, stance and source.

Line format (FRAMES.md labels; any taxonomy file works)::

    {"doc_id": "en-wire-003", "sent_id": 4, "text": "...", "lang": "en", "split": "train",
     "frames": [{"frame": "sanctions_maintained", "stance": "endorse", "source": "author"}]}

``source`` is ``"author"`` or the speaker as written. Document metadata (title, outlet type,
date) lives in ``documents.jsonl`` beside it. :func:`read_labelled` validates every line
against a taxonomy and reports bad lines as one-line issues naming file and line.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, model_validator

from corpora.readers.base import LoadIssue
from nlp.taxonomy import Taxonomy, UnknownLabelError

LABELLED_DIR = Path(__file__).resolve().parent / "labelled"
DEFAULT_LABELLED = LABELLED_DIR / "sentences.jsonl"
SPLITS = ("train", "dev", "test")
AUTHOR = "author"


class FrameLabel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    frame: str
    stance: str
    source: str = Field(AUTHOR, min_length=1)


class LabelledSentence(BaseModel):
    """One labelled sentence. Gold files that name documents ``doc`` and sentences ``unit``
    (and have no split, as an evaluation-only file) read too: their split is ``test``."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    doc_id: str = Field(min_length=1, validation_alias=AliasChoices("doc_id", "doc"))
    sent_id: int = Field(ge=0, validation_alias=AliasChoices("sent_id", "unit"))
    text: str = Field(min_length=1)
    lang: str = Field(min_length=2)
    split: Literal["train", "dev", "test"] = "test"
    frames: list[FrameLabel] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_label_per_frame(self) -> "LabelledSentence":
        ids = [f.frame for f in self.frames]
        if len(ids) != len(set(ids)):
            raise ValueError("a frame appears twice on the same sentence")
        if not self.text.strip():
            raise ValueError("text is blank")
        return self

    @property
    def frame_ids(self) -> set[str]:
        return {f.frame for f in self.frames}


def read_labelled(path: str | Path, taxonomy: Taxonomy) -> Iterator[LabelledSentence | LoadIssue]:
    """Yield validated sentences, and a :class:`LoadIssue` for every line that is not usable."""
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield LoadIssue(str(path), f"cannot read: {exc.strerror}")
        return
    with fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{path}:{n}"
            try:
                data = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield LoadIssue(where, f"invalid UTF-8 at byte {exc.start}")
                continue
            except json.JSONDecodeError as exc:
                yield LoadIssue(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
                continue
            try:
                sentence = LabelledSentence.model_validate(data)
            except ValidationError as exc:
                err = exc.errors()[0]
                field = ".".join(str(p) for p in err["loc"]) or "line"
                yield LoadIssue(where, f"{field}: {err['msg']}")
                continue
            try:
                for label in sentence.frames:
                    taxonomy.check_frame(label.frame)
                    taxonomy.check_stance(label.stance)
            except UnknownLabelError as exc:
                yield LoadIssue(where, str(exc))
                continue
            yield sentence


def load_labelled(path: str | Path, taxonomy: Taxonomy, split: str | None = None) -> tuple[list[LabelledSentence], list[LoadIssue]]:
    """Read a whole labelled file (optionally one split); returns sentences and issues."""
    sentences: list[LabelledSentence] = []
    issues: list[LoadIssue] = []
    for item in read_labelled(path, taxonomy):
        if isinstance(item, LoadIssue):
            issues.append(item)
        elif split is None or item.split == split:
            sentences.append(item)
    return sentences, issues


class CorpusStats(BaseModel):
    """Counts a data card reports. Keys of nested counters are joined with '/'."""

    sentences: int = 0
    documents: int = 0
    by_lang: Counter[str] = Field(default_factory=Counter)
    by_split: Counter[str] = Field(default_factory=Counter)
    documents_by_split: Counter[str] = Field(default_factory=Counter)
    no_frame: int = 0
    framed: int = 0
    framed_by_source: int = 0
    frame_positive: Counter[str] = Field(default_factory=Counter)
    frame_stance: Counter[str] = Field(default_factory=Counter, description="frame/stance")
    frame_stance_lang_split: Counter[str] = Field(default_factory=Counter, description="frame/stance/lang/split")
    repeated_texts: int = 0

    @property
    def no_frame_share(self) -> float:
        return self.no_frame / self.sentences if self.sentences else 0.0

    @property
    def attributed_share(self) -> float:
        return self.framed_by_source / self.framed if self.framed else 0.0


def corpus_stats(sentences: Iterable[LabelledSentence]) -> CorpusStats:
    stats = CorpusStats()
    docs: dict[str, str] = {}
    seen: set[str] = set()
    for s in sentences:
        stats.sentences += 1
        stats.by_lang[s.lang] += 1
        stats.by_split[s.split] += 1
        docs.setdefault(s.doc_id, s.split)
        key = " ".join(s.text.split())
        if key in seen:
            stats.repeated_texts += 1
        seen.add(key)
        if not s.frames:
            stats.no_frame += 1
            continue
        stats.framed += 1
        if any(f.source != AUTHOR for f in s.frames):
            stats.framed_by_source += 1
        for f in s.frames:
            stats.frame_positive[f.frame] += 1
            stats.frame_stance[f"{f.frame}/{f.stance}"] += 1
            stats.frame_stance_lang_split[f"{f.frame}/{f.stance}/{s.lang}/{s.split}"] += 1
    stats.documents = len(docs)
    stats.documents_by_split = Counter(docs.values())
    return stats


class CorpusTargets(BaseModel):
    """Minimum counts the bundled corpus must meet (issue: taxonomy and labelled corpus)."""

    model_config = ConfigDict(extra="forbid")

    sentences: int = 3000
    documents: int = 250
    per_lang: dict[str, int] = Field(default_factory=lambda: {"en": 1600, "ru": 1000, "ja": 300})
    per_frame_positive: int = 150
    per_frame_contest: int = 25
    per_frame_neutral: int = 15
    no_frame_share: float = 0.30
    attributed_share: float = 0.30


def check_targets(stats: CorpusStats, taxonomy: Taxonomy, targets: CorpusTargets | None = None) -> list[str]:
    """Return one line per target that ``stats`` misses (empty when all are met)."""
    t = targets or CorpusTargets()
    misses = []
    if stats.sentences < t.sentences:
        misses.append(f"sentences: {stats.sentences} < {t.sentences}")
    if stats.documents < t.documents:
        misses.append(f"documents: {stats.documents} < {t.documents}")
    for lang, need in t.per_lang.items():
        if stats.by_lang[lang] < need:
            misses.append(f"{lang} sentences: {stats.by_lang[lang]} < {need}")
    for frame in taxonomy.frame_ids:
        if stats.frame_positive[frame] < t.per_frame_positive:
            misses.append(f"{frame} positives: {stats.frame_positive[frame]} < {t.per_frame_positive}")
        for stance, need in (("contest", t.per_frame_contest), ("neutral", t.per_frame_neutral)):
            got = stats.frame_stance[f"{frame}/{stance}"]
            if got < need:
                misses.append(f"{frame} {stance}: {got} < {need}")
    if stats.no_frame_share < t.no_frame_share:
        misses.append(f"share without frame: {stats.no_frame_share:.1%} < {t.no_frame_share:.0%}")
    if stats.attributed_share < t.attributed_share:
        misses.append(f"framed sentences attributed to a source: {stats.attributed_share:.1%} < {t.attributed_share:.0%}")
    return misses

"""Document-level frame summary, as the guidelines define it.

For each frame: ``share`` (fraction of the document's framed sentences that carry it), the
``author_stance`` decided by the author-voice sentences with the frame (the more frequent of the
endorsing and contesting stances, ``mixed`` on a tie, ``neutral`` when only neutral sentences voice
it, absent when the author never does), and the sources that endorse or contest it. The frames
with the highest share are the document's dominant frames.

Stance roles come from the taxonomy's order: its first stance endorses, its second contests, and a
stance with the id ``neutral`` does not vote (the bundled taxonomy: endorse, contest, neutral).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from nlp.schema import FramePrediction, FrameSummary
from nlp.taxonomy import Taxonomy

AUTHOR = "author"
NEUTRAL = "neutral"
MIXED = "mixed"


def summarize_frames(sentences: Sequence[Sequence[FramePrediction]], taxonomy: Taxonomy) -> tuple[dict[str, FrameSummary], list[str]]:
    """Summarise per-sentence predictions into per-frame document figures and the dominant frames.

    >>> from nlp.taxonomy import load_taxonomy
    >>> P = lambda f, s, src="author": FramePrediction(frame=f, stance=s, score=0.9, source=src)
    >>> summary, dominant = summarize_frames([[P("sanctions_eased", "endorse", "Russian media")],
    ...                                       [P("sanctions_eased", "contest")], [P("sanctions_eased", "contest")],
    ...                                       [P("economic_ties", "endorse")], []], load_taxonomy())
    >>> summary["sanctions_eased"].author_stance, summary["sanctions_eased"].endorsed_by, round(summary["sanctions_eased"].share, 2)
    ('contest', ['Russian media'], 0.75)
    >>> dominant
    ['sanctions_eased']
    """
    endorse = taxonomy.stance_ids[0]
    contest = taxonomy.stance_ids[1] if len(taxonomy.stance_ids) > 1 else None
    framed = [s for s in sentences if s]
    counts: Counter[str] = Counter()
    author_votes: dict[str, Counter[str]] = defaultdict(Counter)
    endorsed_by: dict[str, list[str]] = defaultdict(list)
    contested_by: dict[str, list[str]] = defaultdict(list)
    for preds in framed:
        for frame in {p.frame for p in preds}:
            counts[frame] += 1
        for p in preds:
            if p.source == AUTHOR:
                author_votes[p.frame][p.stance] += 1
            elif p.stance == endorse and p.source not in endorsed_by[p.frame]:
                endorsed_by[p.frame].append(p.source)
            elif p.stance == contest and p.source not in contested_by[p.frame]:
                contested_by[p.frame].append(p.source)
    summary = {}
    for frame in taxonomy.frame_ids:
        if not counts[frame]:
            continue
        summary[frame] = FrameSummary(
            share=counts[frame] / len(framed),
            sentences=counts[frame],
            author_stance=_author_stance(author_votes.get(frame), endorse, contest),
            endorsed_by=endorsed_by[frame],
            contested_by=contested_by[frame],
        )
    top = max(counts.values(), default=0)
    dominant = [f for f in taxonomy.frame_ids if top and counts[f] == top]
    return summary, dominant


def _author_stance(votes: Counter[str] | None, endorse: str, contest: str | None) -> str | None:
    if not votes:
        return None  # the author never voices the frame
    pro, con = votes[endorse], votes[contest] if contest else 0
    if pro == con == 0:
        return NEUTRAL
    if pro == con:
        return MIXED
    return endorse if pro > con else str(contest)

"""Render a :class:`~nlp.report.aggregate.CorpusReport` as one self-contained HTML page.

The page needs no network: the CSS is inline, the charts are inline SVG, and no element
loads anything (document URLs are shown as text, not links). All document text is escaped
with :func:`html.escape`, since annotated documents are untrusted input.

Sentences are highlighted in the manner of spaCy displaCy's "span" style (each token an
inline block, each frame a coloured bar under the tokens with a label at its first token),
written here directly so that spaCy is not needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from nlp import __version__
from nlp.report import charts
from nlp.report.aggregate import AUTHOR, CorpusReport
from nlp.report.charts import Series
from nlp.report.template import CSS
from nlp.schema import AnnotatedDocument, FramePrediction
from nlp.taxonomy import Taxonomy

MAX_GROUPS = 25  # rows of the frame-share chart; the rest are named in a note
BY_NAMES = {"outlet": "outlet", "lang": "language", "month": "month"}

# A token: one CJK character (no spaces to split on), or a run of other non-space characters.
_CJK = "\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")
_LEVEL_TOP, _LEVEL_STEP = 40, 17  # px, as in displaCy's span renderer


def _ink(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour`` (#rrggbb)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#fff"


class _Labels:
    """Frame labels and colours: the taxonomy's first, then ids the taxonomy does not know."""

    def __init__(self, taxonomy: Taxonomy, report: CorpusReport) -> None:
        self.names = {f.id: f.label for f in taxonomy.frames}
        self.colours = charts.frame_colours(taxonomy.frame_ids, report.frames)
        self.stance_colours = charts.stance_colours(report.stances)

    def label(self, frame: str) -> str:
        return self.names.get(frame, frame)

    def colour(self, frame: str) -> str:
        return self.colours.get(frame, "#777777")

    def frame_series(self, frames: Sequence[str]) -> list[Series]:
        return [Series(f, self.label(f), self.colour(f)) for f in frames]

    def stance_series(self, stances: Sequence[str]) -> list[Series]:
        return [Series(s, s, self.stance_colours[s]) for s in stances]

    def chip(self, frame: str) -> str:
        c = self.colour(frame)
        return (f'<span class="chip" style="background:{c};color:{_ink(c)}" title="{escape(self.label(frame))}">'
                f"{escape(frame)}</span>")


# --- sections ------------------------------------------------------------------------------

def _header(r: CorpusReport, tax: Taxonomy) -> str:
    dates = f"{r.date_min} – {r.date_max}" if r.date_min else "no dates"
    counts = [("documents", f"{r.documents:,}"), ("sentences", f"{r.sentences:,}"),
              ("framed sentences", f"{r.framed_sentences:,}"), ("entity mentions", f"{r.entities:,}"),
              ("date range", dates)]
    cells = "".join(f'<div><dt>{escape(k)}</dt><dd data-count="{escape(k)}">{escape(v)}</dd></div>' for k, v in counts)
    versions = "; ".join(f"{escape(k)}: {escape(', '.join(v))}" for k, v in r.versions.items()) or "none recorded"
    notes = [(f'<p class="note">Versions seen in the annotations: {versions}. '
              f"Frame labels from taxonomy {escape(tax.name)}.</p>")]
    if r.bad_lines:
        notes.append(f'<p class="note" data-bad-lines="{r.bad_lines}">{r.bad_lines:,} line(s) could not be read and were '
                     "skipped (listed on the command's standard error).</p>")
    nav = "".join(f'<a href="#{i}">{t}</a>' for i, t in (("share", "Frame share"), ("stance", "Stance"),
                  ("time", "Over time"), ("sources", "Sources"), ("entities", "Entities"), ("documents", "Documents")))
    return (f"<header><h1>Framing report: {escape(r.corpus)}</h1><dl class=\"counts\">{cells}</dl>"
            f"{''.join(notes)}<nav>{nav}</nav></header>")


def _share_section(r: CorpusReport, lab: _Labels) -> str:
    by = BY_NAMES.get(r.by, r.by)
    head = f'<section id="share"><h2>Frame share by {escape(by)}</h2>'
    if not r.framed_sentences:
        return head + "<p>No framed sentences.</p></section>"
    groups = r.groups[:MAX_GROUPS]
    rows = [(g, f"{g} ({r.framed_by_group[g]:,})") for g in groups]
    svg = charts.grouped_hbar("frame-share", f"Share of framed sentences per frame, by {by}", rows,
                              lab.frame_series(r.frames), r.share_by_group, "share of the group's framed sentences",
                              by, max_value=max(max((v for s in r.share_by_group.values() for v in s.values()), default=0), 0.05))
    note = ('<p class="note">Share = framed sentences of the group carrying the frame / framed sentences of the group '
            "(in brackets). A sentence may carry several frames, so shares need not add up to 100%.</p>")
    if len(r.groups) > MAX_GROUPS:
        rest = r.groups[MAX_GROUPS:]
        note += f'<p class="note">{len(rest)} smaller group(s) not drawn: {escape(", ".join(rest))}.</p>'
    return head + svg + note + "</section>"


def _stance_section(r: CorpusReport, lab: _Labels) -> str:
    parts = ['<section id="stance"><h2>Stance by frame</h2>']
    if not r.frames:
        return parts[0] + "<p>No frame predictions.</p></section>"
    stances = lab.stance_series(r.stances)
    rows = [(f, lab.label(f)) for f in r.frames]
    parts.append(charts.stacked_hbar("stance-by-frame", "Frame predictions per stance", rows, stances,
                                     r.stance_by_frame, "frame predictions", "frame"))
    by = BY_NAMES.get(r.by, r.by)
    for f in r.dominant:
        parts.append(f"<h3>{lab.chip(f)} {escape(lab.label(f))}: stance by {escape(by)}</h3>")
        rows = [(g, g) for g in r.groups[:MAX_GROUPS] if sum(r.stance_by_group[f][g].values())]
        parts.append(charts.stacked_hbar(f"stance-by-group:{f}", f"{lab.label(f)}: predictions per stance, by {by}",
                                         rows, stances, r.stance_by_group[f], "frame predictions", by))
    parts.append('<p class="note">Counts are frame predictions: the author and each quoted source count separately. '
                 "The per-group charts show the corpus's most dominant frames.</p></section>")
    return "".join(parts)


def _time_section(r: CorpusReport, lab: _Labels) -> str:
    head = '<section id="time"><h2>Over time</h2>'
    if not r.months:
        return head + '<p class="no-dates">No document has a usable date, so there is no timeline.</p></section>'
    xs = r.months
    svg = charts.line_chart("share-over-time", "Share of framed sentences per frame, by month", xs,
                            lab.frame_series(r.frames), r.share_by_month, "month", "share of the month's framed sentences")
    return head + svg + "</section>"


def _stance_cells(counts: dict[str, int], stances: Sequence[str]) -> str:
    return "".join(f'<td class="num">{counts.get(s, 0):,}</td>' for s in stances)


def _sources_section(r: CorpusReport, lab: _Labels) -> str:
    parts = ['<section id="sources"><h2>Top sources per frame</h2>',
             '<p class="note">Quoted or attributed speakers (not the author) voicing each frame, most frequent first.</p>']
    if not r.sources:
        parts.append("<p>No frame is attributed to a source other than the author.</p>")
    head = "".join(f'<th class="num">{escape(s)}</th>' for s in r.stances)
    for f in r.frames:
        rows = r.sources.get(f)
        if not rows:
            continue
        body = "".join(f"<tr><td>{escape(row.source)}</td><td>{escape(row.kb_id or '')}</td>"
                       f"{_stance_cells(row.stances, r.stances)}<td class=\"num\">{row.total:,}</td></tr>" for row in rows)
        parts.append(f"<h3>{lab.chip(f)} {escape(lab.label(f))}</h3><table class=\"sources\" data-frame=\"{escape(f)}\">"
                     f"<tr><th>source</th><th>KB id</th>{head}<th class=\"num\">total</th></tr>{body}</table>")
    return "".join(parts) + "</section>"


def _entities_section(r: CorpusReport) -> str:
    rows = "".join(f"<tr><td>{escape(e.kb_id)}</td><td>{escape(e.name)}</td><td>{escape(e.label)}</td>"
                   f'<td class="num">{e.mentions:,}</td><td class="num">{e.documents:,}</td></tr>' for e in r.top_entities)
    table = ('<table class="entities"><tr><th>KB id</th><th>name</th><th>label</th><th class="num">mentions</th>'
             f'<th class="num">documents</th></tr>{rows}</table>') if rows else "<p>No linked entities.</p>"
    return (f'<section id="entities"><h2>Most linked entities</h2>{table}'
            f'<p data-nil="{r.nil_mentions}">Unlinked (NIL) mentions: {r.nil_mentions:,} of {r.entities:,}.</p></section>')


# --- documents -----------------------------------------------------------------------------

def _span_label(p: FramePrediction) -> str:
    return " · ".join((p.frame, p.stance, p.source or AUTHOR))


def _line_style(colour: str, stance: str, level: int) -> str:
    top = _LEVEL_TOP + _LEVEL_STEP * level
    if stance == "contest":  # dashed
        fill = f"repeating-linear-gradient(90deg, {colour} 0 6px, transparent 6px 9px)"
    else:  # solid; faint (half transparent) for neutral
        fill = colour + ("80" if stance == "neutral" else "")
    return f"background:{fill};top:{top}px"


def _sentence_html(text: str, preds: Sequence[FramePrediction], lab: _Labels, index: int) -> str:
    """One framed sentence: tokens as inline blocks, a bar per prediction, the label on the first token."""
    height = _LEVEL_TOP + _LEVEL_STEP * (len(preds) - 1) + 8
    out, pos, first = [], 0, True
    for m in _TOKEN.finditer(text):
        out.append(escape(text[pos : m.start()]))
        lines = []
        for level, p in enumerate(preds):
            c = lab.colour(p.frame)
            label = ""
            if first:
                label = (f'<span class="span-label" style="background:{c};color:{_ink(c)}">'
                         f"{escape(_span_label(p))}</span>")
            lines.append(f'<span class="span-line stance-{escape(p.stance)}" data-frame="{escape(p.frame)}" '
                         f'data-stance="{escape(p.stance)}" style="{_line_style(c, p.stance, level)}">{label}</span>')
        out.append(f'<span class="tok" style="height:{height}px">{escape(m.group())}{"".join(lines)}</span>')
        pos, first = m.end(), False
    out.append(escape(text[pos:]))
    frames = " ".join(sorted({p.frame for p in preds}))
    return f'<span class="sent framed" data-sentence="{index}" data-frames="{escape(frames)}">{"".join(out)}</span>'


def _document_text(doc: AnnotatedDocument, lab: _Labels) -> str:
    """The document text with framed sentences highlighted; the text between them stays plain."""
    text, parts, cursor = doc.text, [], 0
    for i, s in sorted(enumerate(doc.sentences), key=lambda t: (t[1].start, t[0])):
        valid = cursor <= s.start <= s.end <= len(text)
        if valid:
            parts.append(escape(text[cursor : s.start]))
            body, cursor = text[s.start : s.end], s.end
        else:  # offsets that overlap or run past the text: show the sentence's own text
            body = " " + s.text
        parts.append(_sentence_html(body, s.frames, lab, i) if s.frames else escape(body))
    parts.append(escape(text[cursor:]))
    return f'<div class="spans">{"".join(parts)}</div>'


def _document(doc: AnnotatedDocument, n: int, lab: _Labels, open_: bool) -> str:
    meta = [x for x in (doc.outlet, doc.date, doc.lang, doc.author) if x]
    url = f' · <code class="url">{escape(doc.url)}</code>' if doc.url else ""
    dominant = "".join(lab.chip(f) for f in doc.dominant_frames) or '<span class="muted">none</span>'
    rows = "".join(
        f"<tr><td>{lab.chip(f)}</td><td class=\"num\">{s.share:.0%}</td><td class=\"num\">{s.sentences}</td>"
        f"<td>{escape(s.author_stance or '—')}</td><td>{escape(', '.join(s.endorsed_by))}</td>"
        f"<td>{escape(', '.join(s.contested_by))}</td></tr>" for f, s in doc.frames.items())
    table = ('<table class="doc-frames"><tr><th>frame</th><th class="num">share</th><th class="num">sentences</th>'
             f"<th>author stance</th><th>endorsed by</th><th>contested by</th></tr>{rows}</table>") if rows else ""
    return (f'<article class="doc" id="doc-{n}" data-doc-id="{escape(doc.id)}"><h3>{escape(doc.title or doc.id)}</h3>'
            f'<p class="muted">{escape(" · ".join(meta))}{url}</p><p>Dominant frames: {dominant}</p>{table}'
            f'<details{" open" if open_ else ""}><summary>Text, framed sentences highlighted</summary>'
            f"{_document_text(doc, lab)}</details></article>")


def _documents_section(r: CorpusReport, lab: _Labels, open_docs: int) -> str:
    shown = len(r.shown)
    note = f"Showing {shown:,} of {r.documents:,} documents."
    if r.omitted:
        note += f' <span data-omitted="{r.omitted}">{r.omitted:,} more not shown (raise --max-docs to include them).</span>'
    legend = "".join(f"{lab.chip(f)}" for f in r.frames)
    docs = "".join(_document(d, n, lab, n < open_docs) for n, d in enumerate(r.shown))
    return (f'<section id="documents"><h2>Documents</h2><p>{note}</p>'
            f"<p>Frames: {legend} · bar: solid = endorse, dashed = contest, faint = neutral; "
            f"label = frame · stance · source.</p>{docs}</section>")


def render_html(report: CorpusReport, taxonomy: Taxonomy, open_docs: int = 3) -> str:
    """The whole report page as a string (UTF-8 HTML5, no external resources)."""
    lab = _Labels(taxonomy, report)
    body = "".join((_header(report, taxonomy), _share_section(report, lab), _stance_section(report, lab),
                    _time_section(report, lab), _sources_section(report, lab), _entities_section(report),
                    _documents_section(report, lab, open_docs)))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Framing report: {escape(report.corpus)}</title><style>{CSS}</style></head>"
            f'<body><main>{body}<footer>Generated by framing {escape(__version__)} · framing report</footer>'
            f"</main></body></html>\n")

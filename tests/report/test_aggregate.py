"""Aggregates behind ``framing report``, on a small hand-made corpus whose numbers are known.

``corpus()`` and ``write_jsonl()`` are reused by the browser and CLI tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.report import charts
from nlp.report.aggregate import Aggregator, aggregate, group_of, iter_annotations, month_of
from nlp.report.html import render_html
from nlp.schema import AnnotatedDocument, EntityMention, FramePrediction, FrameSummary, SentenceAnnotation, Versions
from nlp.taxonomy import load_taxonomy

AUTHOR = "author"
Frames = list[tuple[str, str, str]]  # (frame, stance, source)
HOSTILE_TITLE = '<script>alert("x")</script> Sanctions & <b>bold</b>'
HOSTILE_TEXT = "Critics say <img src=x onerror=alert(1)> sanctions hurt."


def make_doc(doc_id: str, sentences: list[tuple[str, Frames]], entities: list[tuple[str, str, str | None, str | None]] = (),
             sep: str = " ", **meta: object) -> AnnotatedDocument:
    """An annotated document with offsets, per-frame summaries and dominant frames derived from the sentences."""
    text, sents = "", []
    for body, frames in sentences:
        text += sep if text else ""
        sents.append(SentenceAnnotation(start=len(text), end=len(text) + len(body), text=body, frames=[
            FramePrediction(frame=f, stance=s, score=0.9, source=src, source_kb_id="Q1" if src == "Kishida" else None)
            for f, s, src in frames]))
        text += body
    ents = []
    for surface, label, kb_id, name in entities:
        start = text.index(surface)
        ents.append(EntityMention(start=start, end=start + len(surface), text=surface, label=label, kb_id=kb_id,
                                  name=name, score=0.8 if kb_id else 0.0))
    framed = [s for s in sents if s.frames]
    summary: dict[str, FrameSummary] = {}
    for f in dict.fromkeys(p.frame for s in framed for p in s.frames):
        preds = [p for s in framed for p in s.frames if p.frame == f]
        n = sum(1 for s in framed if any(p.frame == f for p in s.frames))
        summary[f] = FrameSummary(
            share=n / len(framed), sentences=n,
            author_stance=next((p.stance for p in preds if p.source == AUTHOR), None),
            endorsed_by=sorted({p.source for p in preds if p.source != AUTHOR and p.stance == "endorse"}),
            contested_by=sorted({p.source for p in preds if p.source != AUTHOR and p.stance == "contest"}))
    top = max((s.sentences for s in summary.values()), default=0)
    versions = Versions(model="xlmr-frames", model_version="1.2", taxonomy="japan-russia-sanctions",
                        taxonomy_version="1.0", toolkit="0.1.0")
    return AnnotatedDocument(id=doc_id, text=text, sentences=sents, entities=ents, frames=summary,
                             dominant_frames=[f for f, s in summary.items() if s.sentences == top], versions=versions,
                             **meta)


def corpus() -> list[AnnotatedDocument]:
    """Five documents: outlets Reuters (2), Meduza, NHK, none; en/ru/ja; Jan–Mar 2024 and one undated."""
    return [
        make_doc("en-1", [
            ("Japan will keep sanctions on Russia, the minister said.", [("sanctions_maintained", "endorse", AUTHOR)]),
            ("Kishida said the measures must stay.", [("sanctions_maintained", "endorse", "Kishida")]),
            ("Business groups want the curbs eased.", [("sanctions_eased", "endorse", "Keidanren"),
                                                       ("economic_ties", "endorse", "Keidanren")]),
            ("The weather was mild.", []),
        ], [("Japan", "GPE", "Q17", "Japan"), ("Russia", "GPE", "Q159", "Russia"),
            ("Kishida", "PER", "Q1", "Fumio Kishida"), ("Business groups", "ORG", None, None)],
            title="Japan keeps sanctions", outlet="Reuters", lang="en", date="2024-01-15",
            url="https://example.com/en-1"),
        make_doc("ru-1", [
            ("Япония смягчит санкции против России.", [("sanctions_eased", "contest", "Meduza")]),
            ("Москва назвала Токио угрозой.", [("russia_threat", "neutral", "Лавров")]),
            ("Санкции ослабнут, считает автор, но МИД возражает.", [("sanctions_eased", "endorse", AUTHOR),
                                                                   ("sanctions_eased", "contest", "МИД России")]),
        ], [("Япония", "GPE", "Q17", "Япония"), ("России", "GPE", "Q159", "Россия"), ("Москва", "GPE", "Q649", "Москва"),
            ("Токио", "GPE", None, None)],
            title="Япония и санкции", outlet="Meduza", lang="ru", date="2024-02-03"),
        make_doc("ja-1", [
            ("政府は制裁を維持する方針だ。", [("sanctions_maintained", "endorse", AUTHOR)]),
            ("北方領土の問題も残る。", [("territorial_dispute", "neutral", AUTHOR)]),
            ("岸田首相は「圧力を続ける」と述べた。", [("sanctions_maintained", "endorse", "岸田文雄"),
                                                ("russia_threat", "endorse", "岸田文雄")]),
        ], [("岸田", "PER", "Q1", "岸田文雄"), ("北方領土", "LOC", "Q1046", "北方領土")], sep="",
            title="制裁維持の方針", outlet="NHK", lang="ja", date="2024-02-20T09:00:00+09:00"),
        make_doc("en-2", [
            (HOSTILE_TEXT, [("sanctions_eased", "endorse", "Critics")]),
            ("Nothing here.", []),
        ], [("sanctions", "MISC", None, None)], title=HOSTILE_TITLE, outlet="Reuters", lang="en",
            url="https://example.com/en-2"),
        make_doc("en-3", [
            ("A frame the taxonomy does not know.", [("mystery_frame", "endorse", AUTHOR)]),
            ("Trade with Russia matters.", [("economic_ties", "neutral", AUTHOR)]),
        ], [("Russia", "GPE", "Q159", "Russia")], lang="en", date="2024-03-01T08:00:00Z"),
    ]


BAD_LINES = ['{"id": "broken", "text": ', '{"id": "no-text"}']


def write_jsonl(path: Path, docs: list[AnnotatedDocument] | None = None) -> Path:
    """The corpus as JSONL with a malformed line 4 and an invalid line 6."""
    lines = [d.model_dump_json() for d in (docs or corpus())]
    lines.insert(3, BAD_LINES[0])
    lines.insert(5, BAD_LINES[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TAX = load_taxonomy()


def run(by: str = "outlet", **options: object):  # type: ignore[no-untyped-def]
    return aggregate(corpus(), "test.jsonl", by=by, frame_order=TAX.frame_ids, stance_order=TAX.stance_ids, **options)


def test_counts_and_header_fields():
    r = run()
    assert (r.documents, r.sentences, r.framed_sentences) == (5, 14, 12)
    assert (r.entities, r.nil_mentions) == (12, 3)
    assert (r.date_min, r.date_max) == ("2024-01-15", "2024-03-01")
    assert r.versions == {"model": ["xlmr-frames@1.2"], "taxonomy": ["japan-russia-sanctions@1.0"], "toolkit": ["0.1.0"]}
    assert r.stances == ["endorse", "contest", "neutral"]
    # taxonomy order first, unknown ids after
    assert r.frames == ["sanctions_eased", "sanctions_maintained", "russia_threat", "economic_ties",
                        "territorial_dispute", "mystery_frame"]


def test_share_by_outlet_counts_each_frame_once_per_sentence():
    r = run()
    assert r.groups == ["Reuters", "Meduza", "NHK", "unknown"]
    assert r.framed_by_group == {"Reuters": 4, "Meduza": 3, "NHK": 3, "unknown": 2}
    assert r.share_by_group["Reuters"]["sanctions_maintained"] == pytest.approx(0.5)
    assert r.share_by_group["Reuters"]["economic_ties"] == pytest.approx(0.25)
    # the third Meduza sentence has sanctions_eased twice (author + МИД): counted once
    assert r.share_by_group["Meduza"]["sanctions_eased"] == pytest.approx(2 / 3)
    assert r.share_by_group["NHK"]["russia_threat"] == pytest.approx(1 / 3)
    assert r.share_by_group["unknown"]["mystery_frame"] == pytest.approx(0.5)
    assert r.share_by_group["NHK"]["sanctions_eased"] == 0.0


def test_stances_count_every_prediction():
    r = run()
    assert r.stance_by_frame["sanctions_eased"] == {"endorse": 3, "contest": 2, "neutral": 0}
    assert r.stance_by_frame["sanctions_maintained"] == {"endorse": 4, "contest": 0, "neutral": 0}
    assert r.stance_by_frame["russia_threat"] == {"endorse": 1, "contest": 0, "neutral": 1}
    # each dominant in two documents and in four framed sentences: taxonomy order breaks the tie
    assert r.dominant[:2] == ["sanctions_eased", "sanctions_maintained"]
    assert r.stance_by_group["sanctions_maintained"]["NHK"] == {"endorse": 2, "contest": 0, "neutral": 0}


def test_group_by_lang_and_month():
    r = run("lang")
    assert set(r.groups) == {"en", "ru", "ja"} and r.framed_by_group["en"] == 6
    r = run("month")
    assert r.groups == ["2024-01", "2024-02", "2024-03", "unknown"]  # months in order
    assert r.months == ["2024-01", "2024-02", "2024-03"]  # the timeline skips undated documents
    assert r.share_by_month["2024-02"]["sanctions_maintained"] == pytest.approx(2 / 6)
    assert r.share_by_month["2024-03"] == pytest.approx({f: 0.0 for f in r.frames} | {"mystery_frame": 0.5, "economic_ties": 0.5})


def test_month_and_group_helpers():
    assert month_of("2024-02-20T09:00:00+09:00") == "2024-02"
    assert month_of("2024-13-01") is None and month_of("20 Feb 2024") is None and month_of(None) is None
    doc = AnnotatedDocument(id="x", text="t", outlet="  ", date="bad")
    assert group_of(doc, "outlet") == group_of(doc, "month") == group_of(doc, "lang") == "unknown"
    with pytest.raises(ValueError):
        group_of(doc, "author")


def test_sources_exclude_the_author():
    r = run()
    rows = {row.source: row for row in r.sources["sanctions_maintained"]}
    assert set(rows) == {"Kishida", "岸田文雄"}
    assert rows["Kishida"].stances == {"endorse": 1, "contest": 0, "neutral": 0} and rows["Kishida"].kb_id == "Q1"
    eased = {row.source: row.stances for row in r.sources["sanctions_eased"]}
    assert eased["Meduza"]["contest"] == 1 and eased["МИД России"]["contest"] == 1 and AUTHOR not in eased
    assert "mystery_frame" not in r.sources  # only the author voices it


def test_entities_by_kb_id():
    r = run(top_entities=3)
    top = {e.kb_id: e for e in r.top_entities}
    assert [e.kb_id for e in r.top_entities] == ["Q159", "Q1", "Q17"]
    assert (top["Q159"].mentions, top["Q159"].documents, top["Q159"].label) == (3, 3, "GPE")
    assert (top["Q1"].mentions, top["Q1"].documents) == (2, 2)


def test_max_docs_keeps_the_first_documents():
    r = run(max_docs=2)
    assert [d.id for d in r.shown] == ["en-1", "ru-1"] and r.omitted == 3 and r.documents == 5


def test_reader_reports_bad_lines_and_streams(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl")
    errors: list[str] = []
    agg = Aggregator("a.jsonl")
    for doc in iter_annotations(path, errors.append):
        agg.add(doc)
    for e in errors:
        agg.error(e)
    assert agg.finish().bad_lines == 2
    assert errors[0].startswith(f"{path}:4: malformed JSON")
    assert errors[1] == f"{path}:6: text: Field required"


def test_nice_axis_tops():
    assert charts.nice_top(0.66) == (pytest.approx(0.8), pytest.approx(0.2))
    assert charts.nice_top(7) == (8, 2)
    assert charts.nice_top(0) == (1.0, 0.25)
    assert charts.nice_top(1.0)[0] == pytest.approx(1.0)
    assert charts.nice_top(2, whole=True) == (2, 1) and charts.nice_top(0, whole=True) == (1.0, 1.0)


def test_html_escapes_untrusted_text_and_links_nothing():
    html = render_html(run(), TAX)
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="http' not in html and 'src="http' not in html and "<link" not in html
    assert 'data-chart="frame-share"' in html and "sanctions_eased · contest · Meduza" in html
    assert "no-dates" not in html


def test_html_without_dates_says_so():
    docs = [d.model_copy(update={"date": None}) for d in corpus()]
    r = aggregate(docs, "nodates.jsonl", frame_order=TAX.frame_ids, stance_order=TAX.stance_ids)
    html = render_html(r, TAX)
    assert 'data-chart="share-over-time"' not in html and 'class="no-dates"' in html


def test_json_round_trip_of_the_fixture():
    for doc in corpus():
        assert AnnotatedDocument.model_validate(json.loads(doc.model_dump_json())) == doc

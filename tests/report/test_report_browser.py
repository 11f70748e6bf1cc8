"""``framing report`` end to end: the CLI, then the page as headless Chromium parses and draws it.

Chromium is required, never skipped: CI installs it (.ci/run). Locally:
``apt-get install chromium``.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nlp.report.aggregate import aggregate, iter_annotations
from nlp.report.html import render_html
from nlp.taxonomy import load_taxonomy
from tests.report.test_aggregate import HOSTILE_TITLE, corpus, write_jsonl

FRAMING = shutil.which("framing", path=str(Path(sys.executable).parent)) or "framing"
TAX = load_taxonomy()
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("chromium is not installed: the report tests need it (CI installs it in .ci/run); "
                    "install it with: apt-get install -y chromium")
    return path


def browse(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    result = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"chromium failed ({result.returncode}): {result.stderr[-2000:]}"
    return result


@dataclass
class Mark:
    """A bar or point: the chart it is in, its attributes, and whether it has a <title> tooltip."""

    chart: str
    attrs: dict[str, str]
    tooltip: str = ""


@dataclass
class Dom(HTMLParser):
    """What the tests need from the dumped DOM: charts and their marks, span highlights, URLs, tags."""

    charts: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    span_labels: list[str] = field(default_factory=list)
    span_lines: list[dict[str, str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    _chart: str | None = None
    _mark: Mark | None = None
    _in_title: bool = False
    _in_label: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        self.urls += [a[k] for k in ("src", "href", "xlink:href", "action", "poster", "data") if k in a]
        if tag == "svg" and "data-chart" in a:
            self._chart = a["data-chart"]
            self.charts.append(self._chart)
        elif tag in ("rect", "circle") and "data-value" in a:
            assert self._chart, f"a {tag} with data-value outside a chart"
            self._mark = Mark(self._chart, a)
            self.marks.append(self._mark)
        elif tag == "title" and self._mark:
            self._in_title = True
        elif tag == "span" and "span-line" in a.get("class", ""):
            self.span_lines.append(a)
        elif tag == "span" and "span-label" in a.get("class", ""):
            self._in_label = True
            self.span_labels.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._chart = None
        elif tag in ("rect", "circle"):
            self._mark = None
        elif tag == "title":
            self._in_title = False
        elif tag == "span" and self._in_label:
            self._in_label = False

    def handle_data(self, data: str) -> None:
        if self._in_title and self._mark:
            self._mark.tooltip += data
        if self._in_label:
            self.span_labels[-1] += data

    def values(self, chart: str) -> dict[tuple[str, str], float]:
        return {(m.attrs["data-row"], m.attrs["data-series"]): float(m.attrs["data-value"])
                for m in self.marks if m.chart == chart}


def png_info(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the inflated (still filtered) pixel stream of a PNG file."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Annotations written to JSONL (with bad lines), read back, aggregated, rendered and opened in Chromium."""
    tmp = tmp_path_factory.mktemp("report")
    source = write_jsonl(tmp / "annotations.jsonl")
    errors: list[str] = []
    report = aggregate(iter_annotations(source, errors.append), source.name, frame_order=TAX.frame_ids,
                       stance_order=TAX.stance_ids)
    page = tmp / "report.html"
    page.write_text(render_html(report, TAX), encoding="utf-8")
    dom_text = browse(page, tmp / "profile", "--dump-dom").stdout
    dom = Dom()
    dom.feed(dom_text)
    shot = tmp / "shot.png"
    browse(page, tmp / "profile", f"--screenshot={shot}", "--window-size=1280,2000")
    return report, page, dom, dom_text, shot, errors


def test_bad_lines_were_reported(rendered):
    report, *_, errors = rendered
    assert len(errors) == 2 and ":4: malformed JSON" in errors[0] and ":6: text: Field required" in errors[1]
    assert report.documents == 5


def test_chart_svgs_carry_the_aggregates(rendered):
    report, _, dom, *_ = rendered
    expected = {"frame-share", "stance-by-frame", "share-over-time"} | {f"stance-by-group:{f}" for f in report.dominant}
    assert expected <= set(dom.charts), dom.charts
    share = {(g, f): v for g, row in report.share_by_group.items() for f, v in row.items()}
    assert dom.values("frame-share") == pytest.approx(share, abs=1e-6)
    stance = {(f, s): v for f, row in report.stance_by_frame.items() for s, v in row.items()}
    assert dom.values("stance-by-frame") == pytest.approx(stance)
    months = {(m, f): v for m, row in report.share_by_month.items() for f, v in row.items()}
    assert dom.values("share-over-time") == pytest.approx(months, abs=1e-6)
    for f in report.dominant:
        by_group = dom.values(f"stance-by-group:{f}")
        assert by_group and all(by_group[(g, s)] == report.stance_by_group[f][g][s] for g, s in by_group)
    # spot checks against numbers worked out by hand
    assert dom.values("frame-share")[("Meduza", "sanctions_eased")] == pytest.approx(2 / 3, abs=1e-6)
    assert dom.values("stance-by-frame")[("sanctions_eased", "contest")] == 2


def test_every_mark_has_a_tooltip_and_every_chart_a_legend_and_axes(rendered):
    _, _, dom, dom_text, *_ = rendered
    assert dom.marks and all(m.tooltip.strip() for m in dom.marks)
    for chart in dom.charts:
        svg = re.search(rf'<svg[^>]*data-chart="{re.escape(chart)}".*?</svg>', dom_text, re.DOTALL)
        assert svg, chart
        assert 'class="legend"' in svg.group() and svg.group().count('class="axis-label"') == 2, chart


def test_documents_are_highlighted_like_displacy_spans(rendered):
    report, _, dom, *_ = rendered
    predictions = [p for d in report.shown for s in d.sentences for p in s.frames]
    assert len(dom.span_labels) == len(predictions)  # one label per frame prediction
    assert "sanctions_eased · contest · Meduza" in dom.span_labels
    assert "sanctions_maintained · endorse · 岸田文雄" in dom.span_labels
    assert {line["data-frame"] for line in dom.span_lines} == {p.frame for p in predictions}
    assert {line["data-stance"] for line in dom.span_lines} == {"endorse", "contest", "neutral"}


def test_untrusted_text_stays_text_and_nothing_is_loaded(rendered):
    _, page, dom, dom_text, *_ = rendered
    assert not {"script", "img", "link", "iframe", "object", "embed"} & dom.tags
    assert "<b>bold" not in dom_text and "&lt;script&gt;" in dom_text
    assert all(not re.match(r"\s*(https?:)?//", url, re.IGNORECASE) for url in dom.urls), dom.urls
    assert all(url.startswith("#") for url in dom.urls)  # only in-page links
    raw = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", raw, re.IGNORECASE)
    assert "@import" not in raw and "url(" not in raw
    assert HOSTILE_TITLE not in raw


def test_screenshot_is_a_real_picture(rendered):
    *_, shot, _ = rendered
    data = shot.read_bytes()
    width, height, pixels = png_info(data)
    assert (width, height) == (1280, 2000)
    assert len(data) > 30_000, f"screenshot suspiciously small ({len(data)} bytes): blank page?"
    assert len(set(pixels)) > 64, "screenshot is (nearly) one colour"


def framing(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FRAMING, *args], check=False, capture_output=True, text=True, timeout=300)


def test_cli_writes_the_page_and_names_bad_lines(tmp_path):
    source = write_jsonl(tmp_path / "ann.jsonl")
    out = tmp_path / "out" / "page.html"
    result = framing("report", str(source), "--out", str(out), "--by", "month", "--max-docs", "2")
    assert result.returncode == 0, result.stderr
    assert f"{source}:4: malformed JSON: Expecting value at column 26" in result.stderr.splitlines()
    assert f"{source}:6: text: Field required" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert out.is_file() and f"wrote {out}: 5 documents" in result.stdout and "2 bad line(s)" in result.stdout
    page = out.read_text(encoding="utf-8")
    assert "Frame share by month" in page and 'data-omitted="3"' in page and 'data-row="2024-02"' in page


def test_cli_errors(tmp_path):
    result = framing("report", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "x.html"))
    assert result.returncode == 2 and "no such file" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n", encoding="utf-8")
    result = framing("report", str(bad), "--out", str(tmp_path / "x.html"))
    assert result.returncode == 1 and "no valid annotated document" in result.stderr
    assert not (tmp_path / "x.html").exists()
    result = framing("report", str(bad), "--by", "author")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_cli_with_another_taxonomy(tmp_path):
    tiny = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_taxonomy.yaml"
    out = tmp_path / "r.html"
    result = framing("report", str(write_jsonl(tmp_path / "a.jsonl", corpus())), "--out", str(out),
                     "--taxonomy", str(tiny), "--by", "lang")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "tiny-energy@0.1" in page and 'data-series="sanctions_eased"' in page  # frames it lacks still shown

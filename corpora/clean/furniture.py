"""Page furniture removal for scraped text.

Scrapes keep the widgets around an article: skip links, share and print buttons, rating
widgets and polls, comment prompts, card numbers, "read also" links and the footnote
reference list. Each rule has a name, and :func:`clean_text` reports how many lines each
rule removed, so a researcher can see what cleaning did to the corpus.

Rules match whole lines of the normalised, lower-cased text (see ``nlp.textnorm``), in
English, Russian and Japanese. A paragraph repeated verbatim inside a document (scrapes
often duplicate the lead) is kept once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from nlp.textnorm import match_key


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(alternatives) + r")$")


# name -> a whole-line pattern over match_key(line). Order does not matter.
LINE_RULES: dict[str, re.Pattern[str]] = {
    "skip_link": _rx(r"skip to (?:main )?content", r"skip navigation", r"перейти к (?:основному )?содержанию",
                     r"本文へ(?:スキップ|移動)?"),
    "share": _rx(r"share(?: this)?(?: article| story| page| post)?", r"поделиться(?: в соцсетях)?",
                 r"(?:tweet|email|e-mail|facebook|twitter|telegram|vk|whatsapp|linkedin|x)(?: / \w+)*",
                 r"(?:この記事を)?シェア(?:する)?", r"共有(?:する)?"),
    "print_language": _rx(r"print(?: .{0,30})?", r"версия для печати", r"печать", r"читать на русском",
                          r"read in english", r"印刷(?:する)?"),
    "rating": _rx(r"rate this (?:article|story|post)", r"оцените(?: эту)? статью", r"\(?votes?: ?\d+, rating: ?[\d.]+\)?",
                  r"\(?\d+ votes?\)?", r"\(?\d+ голос(?:ов|а)?\)?", r"рейтинг: ?[\d.,]+"),
    "comments": _rx(r"you must (?:be )?log(?:ged)? in to post a comment\.?", r"(?:leave|post) a (?:comment|reply)",
                    r"comments? ?\(?\d*\)?", r"show comments", r"комментари(?:и|ев|й)?(?: ?\(?\d+\)?)?",
                    r"(?:войдите|авторизуйтесь),? чтобы (?:оставить|написать) комментарий\.?", r"コメント(?:する)?"),
    "subscribe": _rx(r"subscribe(?: to (?:our|the) newsletter)?\.?", r"sign up for (?:our|the) newsletter\.?",
                     r"подпис(?:аться|ывайтесь)(?: на .{0,40})?", r"we use cookies.{0,200}", r"мы используем (?:файлы )?cookie.{0,200}"),
    "related": _rx(r"(?:read also|see also|related|more on this topic|read more)\s*[:.]?.{0,160}",
                   r"(?:читайте|смотрите) также\s*[:.]?.{0,160}", r"あわせて読みたい.{0,160}", r"関連記事.{0,160}"),
    "advertising": _rx(r"advertisement", r"реклама", r"広告"),
    "card_number": _rx(r"\d{1,2}", r"\d{1,2} cards?", r"\d{1,2} карточ(?:ка|ки|ек)"),
}

_POLL_START = _rx(r"poll(?: conducted)?", r"опрос(?: проведен)?", r"アンケート")
_VOTE_COUNT = re.compile(r"^\d+ \(\d+(?:[.,]\d+)?%\)$")
_REFERENCE = re.compile(r"^\[\d{1,3}\]\s*\S")
_REFERENCE_HEADING = _rx(r"references", r"notes", r"sources", r"примечания", r"источники", r"список литературы", r"参考文献", r"注")
_SENTENCE_END = re.compile(r"[.!?…。！？\"”»)]$")


@dataclass
class CleanResult:
    text: str
    removed: Counter[str] = field(default_factory=Counter)


def clean_text(text: str, *, furniture: bool = True, dedup_paragraphs: bool = True) -> CleanResult:
    """Remove page furniture lines and repeated paragraphs from ``text``.

    Lines are kept exactly as they were (trailing spaces aside); removed lines leave at most
    one blank line behind. ``removed`` counts removed lines per rule.

    >>> r = clean_text("Share this article\\nJapan kept its sanctions.\\n\\nRate this article\\n(3 votes)")
    >>> r.text, dict(r.removed)
    ('Japan kept its sanctions.', {'share': 1, 'rating': 2})
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    keys = [match_key(line) for line in lines]
    drop: dict[int, str] = {}
    if furniture:
        _mark_lines(keys, drop)
        _mark_poll(keys, drop)
        _mark_navigation_tail(keys, drop)
        _mark_references(keys, drop)
    if dedup_paragraphs:
        _mark_repeated_paragraphs(keys, drop)
    removed = Counter(drop.values())
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in drop:
            continue
        line = line.rstrip()
        if not line and (not kept or not kept[-1]):
            continue  # collapse blank runs, drop leading blanks
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return CleanResult("\n".join(kept), removed)


def _mark_lines(keys: list[str], drop: dict[int, str]) -> None:
    for i, key in enumerate(keys):
        if not key or len(key) > 240:
            continue
        for name, pattern in LINE_RULES.items():
            if pattern.match(key):
                drop[i] = name
                break


def _mark_poll(keys: list[str], drop: dict[int, str]) -> None:
    """A poll is its marker line up to its last vote count: question, options and counts."""
    for i, key in enumerate(keys):
        if not _POLL_START.match(key):
            continue
        last = None
        for j in range(i + 1, min(len(keys), i + 80)):
            if _VOTE_COUNT.match(keys[j]):
                last = j
        if last is not None:
            for j in range(i + 1, last + 1):
                if keys[j]:
                    drop.setdefault(j, "poll")
            drop[i] = "poll"


def _mark_references(keys: list[str], drop: dict[int, str]) -> None:
    """A trailing list of ``[n] ...`` references (footnotes), with its heading if any."""
    last_content = max((i for i, k in enumerate(keys) if k and i not in drop), default=-1)
    i = last_content
    first_ref = None
    while i >= 0:
        key = keys[i]
        if not key or i in drop:
            i -= 1
            continue
        if _REFERENCE.match(key):
            first_ref = i
            i -= 1
            continue
        break
    if first_ref is None:
        return
    for j in range(first_ref, last_content + 1):
        if keys[j] and j not in drop:
            drop[j] = "references"
    if i >= 0 and _REFERENCE_HEADING.match(keys[i]):
        drop[i] = "references"


def _mark_navigation_tail(keys: list[str], drop: dict[int, str]) -> None:
    """Short link-like lines after the last sentence of the page ("For business", "Meduza")."""
    for i in range(len(keys) - 1, -1, -1):
        key = keys[i]
        if not key or i in drop:
            continue
        if len(key.split()) <= 4 and len(key) <= 40 and not _SENTENCE_END.search(key):
            drop[i] = "navigation"
            continue
        break


def _mark_repeated_paragraphs(keys: list[str], drop: dict[int, str]) -> None:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if i in drop or not key or (len(key.split()) < 3 and len(key) < 20):
            continue
        if key in seen:
            drop[i] = "duplicate_paragraph"
        else:
            seen.add(key)

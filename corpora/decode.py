"""Bytes to text: byte-order marks first, then strict UTF-8, then detection.

Russian news archives still come in cp1251 and KOI8-R; those are detected with
charset-normalizer rather than assumed. Binary files are refused with a clear reason.
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Candidates tried when a file is not UTF-8. Restricting the search keeps detection fast
# and stops short Russian texts from being read as some rarer Cyrillic code page.
_CANDIDATES = ["cp1251", "koi8_r", "utf_16", "shift_jis", "euc_jp", "cp1252", "latin_1"]


class DecodeError(ValueError):
    """The bytes are not text in any encoding we could detect."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for ``data``.

    Raises :class:`DecodeError` for empty input, binary data and undecodable bytes.
    """
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {encoding} byte-order mark but does not decode: {exc.reason}") from None
    if b"\x00" in data[:4096]:
        # NUL bytes without a BOM: UTF-16 without a mark decodes to mostly-printable text;
        # anything else is binary.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _printable_share(text) > 0.95 and _looks_like_prose(text):
                return text, encoding
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=_CANDIDATES).best()
    if best is None or best.encoding is None:
        raise DecodeError("undecodable bytes: not UTF-8 and no known encoding fits")
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable bytes at offset {exc.start} (guessed {best.encoding})") from None
    if _printable_share(text) < 0.9:
        raise DecodeError(f"binary or undecodable content (guessed {best.encoding})")
    return text, best.encoding


def _looks_like_prose(text: str) -> bool:
    """Text has word breaks and few stray combining marks; random bytes read as UTF-16 do not."""
    import unicodedata

    sample = text[:20_000]
    breaks = sum(1 for ch in sample if ch.isspace() or ch in "、。，,.")
    marks = sum(1 for ch in sample if unicodedata.combining(ch))
    return breaks >= 0.02 * len(sample) and marks <= 0.05 * len(sample)


def _printable_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20_000]
    good = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    return good / len(sample)

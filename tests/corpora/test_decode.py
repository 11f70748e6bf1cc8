import codecs
import os

import pytest

from corpora.decode import DecodeError, decode_bytes

RU = "Япония ввела новые ограничения. Песков заявил, что отношения с Токио находятся в печальном состоянии."


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_legacy_russian_encodings_are_detected(encoding):
    text, found = decode_bytes(RU.encode(encoding))
    assert text == RU
    assert found.replace("-", "_") == encoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_with_and_without_bom(encoding):
    text, _ = decode_bytes(RU.encode(encoding))
    assert text == RU


def test_utf16_without_bom():
    text, found = decode_bytes(RU.encode("utf-16-le"))
    assert text == RU and found == "utf-16-le"


def test_empty_and_binary_are_refused():
    with pytest.raises(DecodeError, match="empty"):
        decode_bytes(b"  \n\t")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200))


def test_broken_bom_is_refused():
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"ok \xff\xfe\xfa")

from __future__ import annotations

import pytest

from nlp.linking import Linker, load_kb


@pytest.fixture(scope="session")
def kb():
    return load_kb()


@pytest.fixture(scope="session")
def linker(kb):
    return Linker(kb)


def links(linker, text: str, lang: str) -> dict[str, str | None]:
    return {m.text: m.kb_id for m in linker.link(text, lang)}

import json

import pytest
from pydantic import ValidationError

from nlp.schema import AnnotatedDocument, Document, json_schema


def test_from_record_moves_unknown_fields_to_meta():
    doc = Document.from_record({"id": "a", "text": "t", "outlet": "X", "section": "world", "meta": {"k": 1}})
    assert doc.outlet == "X"
    assert doc.meta == {"k": 1, "section": "world"}


def test_document_rejects_unknown_fields_in_constructor():
    with pytest.raises(ValidationError):
        Document(id="a", text="t", colour="red")


def test_json_schema_export_covers_both_contracts():
    doc = json_schema("document")
    ann = json_schema("annotation")
    assert {"id", "text"} <= set(doc["required"])
    assert {"sentences", "entities", "quotes", "frames", "versions"} <= set(ann["properties"])
    json.dumps(ann)  # serialisable
    with pytest.raises(ValueError, match="unknown schema"):
        json_schema("nope")


def test_annotation_round_trip():
    ann = AnnotatedDocument(
        id="d",
        text="Tokyo kept its sanctions.",
        sentences=[{"start": 0, "end": 25, "text": "Tokyo kept its sanctions.",
                    "frames": [{"frame": "sanctions_maintained", "stance": "endorse", "score": 0.9}]}],
        entities=[{"start": 0, "end": 5, "text": "Tokyo", "label": "GOV", "kb_id": "Q1190574", "name": "Government of Japan", "score": 0.8}],
        frames={"sanctions_maintained": {"share": 1.0, "sentences": 1, "author_stance": "endorse"}},
    )
    again = AnnotatedDocument.model_validate_json(ann.model_dump_json())
    assert again == ann
    assert again.sentences[0].frames[0].source == "author"
    with pytest.raises(ValidationError):
        AnnotatedDocument(id="d", text="x", sentences=[{"start": 0, "end": 1, "text": "x",
                                                         "frames": [{"frame": "f", "stance": "endorse", "score": 1.5}]}])

import pytest

from nlp.taxonomy import TaxonomyError, UnknownLabelError, load_taxonomy
from tests.conftest import REPO

TINY = REPO / "tests" / "fixtures" / "tiny_taxonomy.yaml"
GUIDELINE_FRAMES = ["sanctions_eased", "sanctions_maintained", "sanctions_symbolic", "japan_autonomy", "us_alignment",
                    "russia_threat", "economic_ties", "territorial_dispute", "ukraine_support", "diplomatic_relations"]


def test_bundled_taxonomy_implements_the_guidelines():
    tax = load_taxonomy()
    assert tax.frame_ids == GUIDELINE_FRAMES
    assert tax.stance_ids == ["endorse", "contest", "neutral"]
    assert tax.version == "1.0"
    for frame in tax.frames:
        assert frame.label and frame.definition
        assert {"en", "ru", "ja"} <= set(frame.examples), frame.id
        assert {"en", "ru", "ja"} <= set(frame.keywords), frame.id


def test_another_taxonomy_loads():
    tax = load_taxonomy(TINY)
    assert tax.frame_ids == ["cost_burden", "green_growth", "energy_security"]
    assert tax.stance_ids == ["pro", "anti"]
    assert tax.name == "tiny-energy@0.1"


def test_unknown_labels_are_clear_errors():
    tax = load_taxonomy()
    with pytest.raises(UnknownLabelError, match="unknown frame 'sanctions_lifted'; taxonomy japan-russia-sanctions 1.0 has: sanctions_eased"):
        tax.check_frame("sanctions_lifted")
    with pytest.raises(UnknownLabelError, match="unknown stance 'maybe'"):
        tax.check_stance("maybe")


@pytest.mark.parametrize("content,message", [
    ("id: x\nversion: '1'\nstances: [{id: a}]\nframes: [{id: Bad-Id, label: L, definition: D}]", "must be lower_snake_case"),
    ("id: x\nversion: '1'\nstances: [{id: a}]\nframes: [{id: f, label: L, definition: D}, {id: f, label: M, definition: E}]", "duplicate frame ids: f"),
    ("id: x\nversion: '1'\nstances: [{id: a}]\nframes: []", "frames"),
    ("id: x\nversion: '1'\nstances: [{id: a}]\nframes: [{id: f, label: L, definition: D, colour: red}]", "colour"),
    ("id: [unclosed\n", "not valid YAML"),
    ("- just\n- a list\n", "expected a mapping"),
])
def test_bad_taxonomy_files(tmp_path, content, message):
    path = tmp_path / "tax.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message) as info:
        load_taxonomy(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_missing_taxonomy_file(tmp_path):
    with pytest.raises(TaxonomyError, match="taxonomy file not found"):
        load_taxonomy(tmp_path / "nope.yaml")

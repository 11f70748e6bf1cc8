import json

from tests.corpora.test_labelled import TINY_DATA
from tests.nlp.cli.test_corpus_cli import run
from tests.nlp.test_taxonomy import TINY


def test_validate_bundled_corpus_with_targets():
    result = run("data", "validate", "--targets")
    assert result.returncode == 0, result.stderr
    assert "all targets met" in result.stderr
    assert "sanctions_" in result.stdout and "5765 / 416" in result.stdout


def test_validate_json_counts_for_another_taxonomy():
    result = run("data", "validate", str(TINY_DATA), "--taxonomy", str(TINY), "--json")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["sentences"] == 7 and counts["frame_positive"] == {"cost_burden": 3, "green_growth": 2, "energy_security": 1}


def test_validate_names_bad_lines_and_exits_1(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = TINY_DATA.read_text(encoding="utf-8").splitlines()
    path.write_text(lines[0] + "\n" + lines[1].replace("green_growth", "blue_growth") + "\n", encoding="utf-8")
    result = run("data", "validate", str(path), "--taxonomy", str(TINY))
    assert result.returncode == 1
    assert f"error: {path}:2: unknown frame 'blue_growth'" in result.stderr
    assert "Traceback" not in result.stderr


def test_targets_fail_on_a_small_corpus():
    result = run("data", "validate", str(TINY_DATA), "--taxonomy", str(TINY), "--targets")
    assert result.returncode == 1 and "target missed: sentences: 7 < 3000" in result.stderr


def test_bad_taxonomy_is_a_one_line_usage_error(tmp_path):
    bad = tmp_path / "t.yaml"
    bad.write_text("id: [", encoding="utf-8")
    result = run("data", "validate", "--taxonomy", str(bad))
    assert result.returncode == 2 and "not valid YAML" in result.stderr and "Traceback" not in result.stderr


def test_taxonomy_command_lists_frames():
    result = run("taxonomy", str(TINY))
    assert result.returncode == 0 and "energy_security" in result.stdout and "pro, anti" in result.stdout

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


def test_agree_compares_two_annotations_of_the_same_sentences(tmp_path):
    rows = [json.loads(line) for line in TINY_DATA.read_text(encoding="utf-8").splitlines()]
    second = [dict(r) for r in rows[:6]]  # t3/0 only in the first file
    second[1]["frames"] = []  # green_growth missed
    second[3]["frames"] = [{"frame": "cost_burden", "stance": "pro", "source": "author"}]  # stance differs
    second[4]["frames"] = second[4]["frames"] + [{"frame": "cost_burden", "stance": "pro", "source": "author"}]  # one frame more
    second[5]["text"] = "A different sentence."  # same ids, other text: left out
    second.append({"doc_id": "t9", "sent_id": 0, "text": "Only here.", "lang": "en", "frames": []})
    path = tmp_path / "second.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in second), encoding="utf-8")

    result = run("data", "agree", str(TINY_DATA), str(path), "--taxonomy", str(TINY), "--json")
    assert result.returncode == 0, result.stderr
    r = json.loads(result.stdout)
    assert r["n_sentences"] == 5
    assert r["frames"]["cost_burden"] == {"first": 2, "second": 3, "both": 2, "f1": 0.8, "kappa": 0.6154}
    assert r["frames"]["green_growth"]["f1"] == 0.0 and r["frames"]["green_growth"]["kappa"] == 0.0
    assert r["frames"]["energy_security"]["kappa"] == 1.0
    assert r["macro_f1"] == 0.6 and r["mean_kappa"] == 0.5385
    assert r["stance"] == {"n": 3, "agreement": 0.6667, "kappa": 0.0}
    assert r["attribution"]["agreement"] == 1.0
    notes = " ".join(result.stderr.split())
    assert "1 sentence only in" in notes and "1 sentence in both files with different texts" in notes

    table = run("data", "agree", str(TINY_DATA), str(path), "--taxonomy", str(TINY))
    assert table.returncode == 0 and "cost_burden" in table.stdout and "0.615" in table.stdout


def test_agree_with_no_shared_sentence_is_a_clear_error(tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps({"doc_id": "zz", "sent_id": 0, "text": "Nothing shared.", "lang": "en", "frames": []}) + "\n", encoding="utf-8")
    result = run("data", "agree", str(TINY_DATA), str(path), "--taxonomy", str(TINY))
    assert result.returncode == 1 and "share no sentence" in result.stderr and "Traceback" not in result.stderr
    missing = run("data", "agree", str(tmp_path / "nope.jsonl"), str(TINY_DATA), "--taxonomy", str(TINY))
    assert missing.returncode == 1 and "nope.jsonl: no labelled sentences" in missing.stderr and "Traceback" not in missing.stderr

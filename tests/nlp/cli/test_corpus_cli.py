"""The corpus commands, run as a user runs them: the installed ``framing`` script in a subprocess."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

FRAMING = shutil.which("framing", path=str(Path(sys.executable).parent)) or "framing"


def run(*args):
    return subprocess.run([FRAMING, *args], capture_output=True, text=True, timeout=300)


def test_stats_on_the_seeds(seeds_dir):
    result = run("corpus", "stats", str(seeds_dir))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "documents" in out and " 5 " in out
    assert "en 5" in out
    for step in ("poll", "rating", "duplicate paragraph", "references", "share"):
        assert step in out


def test_stats_json_and_problems(tmp_path, sample_dir):
    (tmp_path / "bad.jsonl").write_text('{"id": 1, "text": "fine text about Tokyo and sanctions"}\n{oops\n', encoding="utf-8")
    result = run("corpus", "stats", str(sample_dir), str(tmp_path / "bad.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] >= 13 and report["errors"] == 1
    assert report["issues"] == [f"error: {tmp_path / 'bad.jsonl'}:2: malformed JSON: Expecting property name enclosed in double quotes at column 2"]


def test_show_prints_units_and_jsonl(sample_dir):
    path = sample_dir / "ja_briefing_sanctions.txt"
    result = run("corpus", "show", str(path))
    assert result.returncode == 0 and "官房長官は13日の記者会見で" in result.stdout
    result = run("corpus", "show", str(path), "--json")
    doc = json.loads(result.stdout)
    assert doc["lang"] == "ja" and doc["title"] == "官房長官、対ロ制裁の維持を表明"
    first = doc["sentences"][1]
    assert doc["text"][first["start"] : first["end"]].startswith("官房長官は13日")


def test_nothing_loadable_exits_non_zero_without_traceback(tmp_path):
    result = run("corpus", "stats", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "no documents could be loaded" in result.stderr


def test_schema_command(tmp_path):
    result = run("schema", "annotation", "--out", str(tmp_path / "s.json"))
    assert result.returncode == 0
    assert "frames" in json.loads((tmp_path / "s.json").read_text())["properties"]
    bad = run("schema", "nope")
    assert bad.returncode == 2 and "unknown schema" in bad.stderr

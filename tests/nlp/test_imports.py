"""Importing the library and running ``framing --help`` must stay light: no torch, no transformers."""

import subprocess
import sys

HEAVY = ("torch", "transformers", "spacy", "datasets", "trafilatura")

CHECK = f"""
import sys
sys.argv = ["framing", "--help"]
import nlp, corpora, nlp.schema, nlp.cli.main
try:
    nlp.cli.main.app()
except SystemExit:
    pass
loaded = [m for m in {HEAVY!r} if m in sys.modules]
print("LOADED:" + ",".join(loaded))
"""


def test_import_and_help_do_not_import_heavy_libraries():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout
    loaded = result.stdout.rsplit("LOADED:", 1)[1].strip()
    assert loaded == "", f"--help imported {loaded}"

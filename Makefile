# Two commands do all the set-up on a fresh machine:
#   make demo   create .venv if needed, install, and tag a sample report with the default model
#   make test   create .venv with test dependencies (and Chromium for browser tests) and run the suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install bench quality model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/themeclf tag examples/sample_report.md --format table --explain

# Chromium is for the browser tests of HTML output; installed from Debian's packages when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	    else echo "note: chromium not found; browser tests will be skipped"; fi; }

test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py

quality: $(VENV)/.installed
	$(BIN)/python scripts/quality.py

model: $(VENV)/.installed
	$(BIN)/python scripts/build_default_model.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info

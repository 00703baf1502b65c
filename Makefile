# The two commands that matter: `make demo` (the main job) and `make test`.
# Each sets up .venv first when needed (again only when pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv demo test lint bench guides

venv: $(STAMP)

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -e '.[dev,cluster,dashboard,explore]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/commgov experiment separation_quick
	@echo "open file://$(CURDIR)/results/separation_quick/$(if $(filter zh,$(COMMGOV_LANG)),report.zh.html,report.html) in a browser"

test: $(STAMP)
	$(PY) -m pytest -q

# ruff (style), lint-imports (the layer contract in pyproject.toml), mypy (types; config there too)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) -m benchmarks

# Rerun the commands the guides show and rewrite their output blocks (tools/refresh_guides.py);
# `make guides SCREENSHOTS=1` also retakes docs/images/ with Debian's Chromium.
guides: $(STAMP)
	$(PY) -m tools.refresh_guides $(if $(SCREENSHOTS),--screenshots)

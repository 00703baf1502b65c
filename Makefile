# The two commands that matter: `make demo` (the main job) and `make test`.
# Each sets up .venv first when needed (again only when pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv demo test lint bench

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -e '.[dev,cluster]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/commgov experiment separation_quick
	@echo "open file://$(CURDIR)/results/separation_quick/report.html in a browser"

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(PY) -m benchmarks

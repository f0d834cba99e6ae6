# PEJ Desktop — everyday commands. Every target sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run lint test bench load package screenshot document-images clean system-deps

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "PEJ Desktop needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,package]"
	$(BIN)/python -m compileall -q pej_desktop sync  # bytecode ready for the first start, as pip does for packages
	@touch $(STAMP)

## Debian packages the tests and the screenshot need (pdftoppm, Xvfb, Qt's xcb runtime).
system-deps:
	@bash packaging/linux/system-deps.sh

run: $(STAMP)
	$(BIN)/pej-desktop

## The house rules, as tools: lint and import order, types, layers, dead code (about 30 s).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/vulture

test: lint $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/benchmarks/run_all.py

## A morning of the national API over loopback: SQLite, then PostgreSQL with 1, 2, 4 workers
## (about a minute; LOAD_ARGS="--devices 80 --seconds 20" for more). See docs/scaling.md.
LOAD_ARGS ?=
load: $(STAMP) system-deps
	$(BIN)/python -m tests.load.morning $(LOAD_ARGS)

package: $(STAMP) system-deps
	$(BIN)/python packaging/build.py

screenshot: $(STAMP) system-deps
	$(BIN)/python packaging/screenshot.py docs/images

## Page 1 of every PDF document (summary, offer sheets, listing, access export), for docs/reports.md.
document-images: $(STAMP) system-deps
	$(BIN)/python -m pej_desktop.reports.sample docs/images

clean:
	rm -rf build dist $(VENV) .pytest_cache

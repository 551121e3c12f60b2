# The two commands README.md gives: `make demo` and `make test`.
# Each creates .venv when it is missing and installs the project into it:
# `make demo` the package alone, `make test` the package with the development
# tools, at the versions pinned in constraints.txt (`make lock` refreshes them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
# What `make test` installs besides the package: the development tools and every extra.
EXTRAS := dev,pandas,plot,calendars,letters,web

.PHONY: demo test lint format-check types pytest browser cjk-font docs pictures bench format lock clean

demo: $(RUNTIME)
	$(BIN)/reschedule demo

# CI order: lint, format check, types, tests (unit, property, doctests), docs.
test: lint format-check types pytest docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The package and its runtime dependency (python-dateutil), nothing more.
$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e .
	touch $(RUNTIME)

# The package, its extras and the development tools, each at its pinned version.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -c constraints.txt --upgrade pip
	$(BIN)/python -m pip install -c constraints.txt -e ".[$(EXTRAS)]"
	touch $(STAMP) $(RUNTIME)

# Refresh constraints.txt: the newest releases that pyproject.toml's ranges admit,
# resolved in a new virtual environment, every package pinned (pip included).
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --upgrade pip
	$(VENV)-lock/bin/python -m pip install -e ".[$(EXTRAS)]"
	{ echo "# The development tools' versions for \`make test\` (pip -c constraints.txt)."; \
	  echo "# Written by \`make lock\`; pyproject.toml keeps the ranges the package needs."; \
	  $(VENV)-lock/bin/python -m pip freeze --all --exclude-editable; } > constraints.txt
	rm -rf $(VENV)-lock

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/lint-imports

format-check: $(STAMP)
	$(BIN)/ruff format --check src tests benchmarks scripts

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) browser
	$(BIN)/pytest -q

# The negotiator's page is tested in the system's Chromium, driven by Playwright (never a
# browser Playwright downloads): installed here when missing and we may (root, apt-get);
# without it that one test skips, saying why.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } || true; \
	  fi; \
	  command -v chromium >/dev/null 2>&1 || \
	    echo "chromium is not installed: the browser test of the negotiator's page will skip"; \
	fi

# Chinese in the pictures needs a CJK font (fonts-noto-cjk): installed here when missing
# and we may (root, apt-get); without one the Chinese shows as boxes and the plots say so
# once (NoCJKFontWarning). The tests need none: they check the words, not the glyphs.
cjk-font:
	@if ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk; } || true; \
	  fi; \
	  fc-list :lang=zh 2>/dev/null | grep -q . || \
	    echo "no CJK font is installed (fonts-noto-cjk): Chinese in the pictures shows as boxes"; \
	fi

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# The pictures of the docs (docs/img/), drawn from the same calls the docs show;
# the negotiator's page is the screenshot its browser test takes.
pictures: $(STAMP) browser cjk-font
	$(BIN)/python scripts/pictures.py
	RESCHEDULE_SCREENSHOTS=docs/img $(BIN)/pytest -q tests/test_web.py -k browser

bench: $(STAMP)
	for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

clean:
	rm -rf $(VENV) $(VENV)-lock site .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Two commands do everything on a fresh machine with Python 3.11 or 3.12 and make:
#   make book   build the HTML book into _build/html (every notebook executed)
#   make test   run every test, including a build of the book from clean
# Also: make check (lint + quick tests), make pdf (the printable book), make lab (JupyterLab
# for instructors), make notebook (Notebook 7), make figures, make bench, make clean.

SHELL  := /bin/bash
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check

# The kernel that executes the book is the one in .venv, whatever else is installed.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
# No MPLBACKEND here: the kernels that execute the book inherit the environment, and
# only their own inline backend turns a figure into an image on the page.
unexport MPLBACKEND
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# Strict Sphinx: warnings are errors, nitpicky references, report every problem at once.
JB_FLAGS := -W -n --keep-going

BOOK_STAMP := $(VENV)/.book-installed
DEV_STAMP  := $(VENV)/.dev-installed
LAB_STAMP  := $(VENV)/.lab-installed

# Jupyter for instructors (make lab, make notebook) listens on this machine only. Jupyter
# refuses to start as root unless told to: say so only when we are root (as in a container).
JUPYTER_FLAGS := --ip=127.0.0.1 --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help book test check pdf lab notebook figures bench clean venv

help:
	@sed -n '1,5p' Makefile | sed 's/^# \{0,1\}//'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v <= (3, 12) else "Python 3.11 or 3.12 is needed (found %d.%d); run: make PYTHON=python3.11 ..." % v)'
	$(PYTHON) -m venv $(VENV)

$(BOOK_STAMP): requirements.txt constraints.txt pyproject.toml tools/ipython_kernel_config.py | $(BIN)/python
	$(PIP) install --quiet -r requirements.txt -c constraints.txt
	$(PIP) install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (hamstrings)" > /dev/null
	mkdir -p $(VENV)/etc/ipython && cp tools/ipython_kernel_config.py $(VENV)/etc/ipython/
	@touch $@

$(DEV_STAMP): requirements-dev.txt $(BOOK_STAMP)
	$(PIP) install --quiet -r requirements-dev.txt -c constraints.txt
	@# The browser tests drive Debian's Chromium. Never `playwright install` (it downloads a
	@# browser). Without root or apt-get they are skipped, except under CI=true where they fail.
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -qq chromium > /dev/null 2>&1 \
	      || { apt-get update -qq && apt-get install -y -qq chromium > /dev/null; }; \
	  else \
	    echo "NOTE: /usr/bin/chromium is missing: run 'apt-get install chromium' as root, or the browser tests are skipped"; \
	  fi; \
	fi
	@touch $@

# tools/lab_overrides.json: JupyterLab and Notebook 7 settings for this environment. Notebook 7
# handles key presses before an output's widgets see them, so in command mode the arrow keys
# moved between cells instead of moving a slider; these shortcuts let a focused slider have them.
$(LAB_STAMP): requirements-lab.txt tools/lab_overrides.json $(BOOK_STAMP)
	$(PIP) install --quiet -r requirements-lab.txt -c constraints.txt
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp tools/lab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

venv: $(BOOK_STAMP)

book: $(BOOK_STAMP)
	$(BIN)/python tools/pair_notebooks.py
	$(BIN)/python tools/cache_guard.py
	$(BIN)/jupyter-book build . --builder html $(JB_FLAGS)
	@echo
	@echo "The book is at: file://$(CURDIR)/_build/html/index.html"

# The live browser tests (tests/test_live.py) start JupyterLab and Notebook 7: the lab stamp too.
test: $(DEV_STAMP) $(LAB_STAMP)
	$(BIN)/python -m pytest

# The quick loop while editing (at most a minute on 2 cores): the linter and every test that
# needs neither a build of the book nor a browser (the package, its docstring examples, the
# tools). Left to make test: tests marked slow (a tool run end to end) and the labs run top to
# bottom in a fresh kernel (tests/test_teaching.py), which execute whole notebooks.
CHECK_SKIP := --deselect tests/test_teaching.py::test_lab_runs_top_to_bottom_in_a_fresh_kernel
check: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench tools _ext
	$(BIN)/python -m pytest -q -m "not build and not browser and not live and not slow" $(CHECK_SKIP)

# The printable book: Debian's Chromium prints every page of the HTML build, pypdf joins them.
# Writes _build/html/pdf/ (the whole book and one PDF per chapter), which the site serves.
pdf: book $(DEV_STAMP)
	$(BIN)/python tools/make_pdf.py

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab $(JUPYTER_FLAGS)

notebook: $(LAB_STAMP)
	$(BIN)/jupyter notebook $(JUPYTER_FLAGS)

figures: $(BOOK_STAMP)
	$(BIN)/python tools/make_figures.py

# bench/bench_live.py times the explorers in JupyterLab and Notebook 7 in Chromium.
bench: $(DEV_STAMP) $(LAB_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf _build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf

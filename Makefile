# lc-report: `make report WAVE=2` builds a report; `make test` runs every test.
# Everything a target needs is installed on first use (Python venv + Debian packages).

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
WAVE ?= all
DATA ?= data/example
BUILD ?= build
JOBS ?=
# Not passed through the environment: make would expand $(...) in the value to export it.
unexport WAVE DATA BUILD JOBS PORTFOLIO PROFILE CORES NAME REPORTS MAPPING SALT_FILE EXPORT DICTIONARY PORT SUGGEST SHEET CODERS FILES UNITS REVIEWER NOTE MUTANTS
# $(call arg,NAME): the make variable NAME as one single-quoted shell word. $(value) takes the text
# as typed, without expanding $(...) in it, and quotes inside are escaped, so a WAVE, DATA, BUILD
# or JOBS value reaches the program as one argument (spaces included) and never runs as a command.
arg = '$(subst ','\'',$(value $(1)))'
# $(call args,NAME): each space-separated word of NAME as its own single-quoted shell word.
args = $(foreach word,$(value $(1)),'$(subst ','\'',$(word))')
JOBS_ARG = $(if $(value JOBS),--jobs $(call arg,JOBS))
STAMP := $(VENV)/.installed-$(shell cat requirements-lock.txt pyproject.toml | sha256sum | cut -c1-12)

.PHONY: metafor-reference mutation bench bench-portfolio portfolio synthesis-example check-report help setup system report validate test test-fast lint new-dataset synthetic strip lab lock clean distclean import-attendance import-feedback dictionary preview quotes coding-export coding-import coding-agreement coding-relink

help:
	@echo "make report [WAVE=1|2|X|all] [DATA=data/<name>]  build HTML + PDF into $(BUILD)/<name>/wave-<W>/"
	@echo "make portfolio PORTFOLIO=portfolio.yml [PROFILE=profiles/slurm] [CORES=n]"
	@echo "                                                  every program's reports + a synthesis (Snakemake)"
	@echo "make validate [DATA=...] [WAVE=...]               check a dataset, list every problem"
	@echo "make check-report [WAVE=..] [DATA=..]             browser + PDF checks of a built report; screenshots and page PNGs"
	@echo "make new-dataset NAME=<name>                      create data/<name>/ with program.yml, empty CSVs, README"
	@echo "make dictionary [DATA=...]                        write DATA_DICTIONARY.md from the dataset's program.yml"
	@echo "make import-attendance DATA=.. REPORTS=<folder>   Zoom/Teams participant reports -> attendance.csv"
	@echo "make import-feedback DATA=.. EXPORT=<file>        REDCap/Qualtrics export -> feedback.csv"
	@echo "make quotes DATA=.. [SHEET=<filled sheet.xlsx>]   review sheet of answers to quote | approved ones -> quotes.csv"
	@echo "make coding-export DATA=.. [CODERS=ann,ben]       a coding workbook and a REFI-QDA .qdpx per coder"
	@echo "make coding-import DATA=.. FILES='a.xlsx b.xlsx'  coded work -> codings.csv, agreement, disagreements"
	@echo "make coding-agreement DATA=..                    the coders' agreement again (answers; highlighted text from a .qdpx)"
	@echo "make coding-relink DATA=.. UNITS='u..' REVIEWER=.. [NOTE=..]  a reviewer's change to coded answers is accepted"
	@echo "make test                                         lint (ruff, import layers) + every test + nbval (what CI runs)"
	@echo "make test-fast                                    the unit tests only (no report builds), under 30 s"
	@echo "make lint                                         ruff on code, tests and notebooks; import-linter layers"
	@echo "make mutation [MUTANTS='lc_helpers.analysis.*']   mutation testing (mutmut; hours, not in make test): docs/mutation-testing.md"
	@echo "make synthetic [DATA=...]                         regenerate synthetic feedback/attendance/knowledge files"
	@echo "make strip                                        remove outputs from the notebook files (commits are stripped anyway)"
	@echo "make bench [BENCH_ARGS=--quick]                   benchmark table: cold, no-op, incremental, 10x/100x data"
	@echo "make metafor-reference                         rerun R metafor for the synthesis tests' reference values (needs r-cran-metafor)"
	@echo "make synthesis-example                             regenerate the synthesis notebooks' example input (a portfolio run)"
	@echo "make preview [WAVE=..] [DATA=..] [PORT=..]        serve the report on 127.0.0.1, rebuild on save, live reload"
	@echo "make lab [LAB_ARGS=...]                           JupyterLab with the project's environment"
	@echo "make lock                                         re-pin requirements-lock.txt after editing requirements.txt"
	@echo "make clean | distclean                            remove build outputs | and the environment"
	@echo "(every target runs lc-report; .venv/bin/lc-report --help lists its commands)"

$(STAMP): requirements-lock.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3 setuptools==84.2.1 wheel==0.48.0
	$(PY) -m pip install --quiet -r requirements-lock.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# axe-core for the accessibility check, from the npm registry, pinned in package-lock.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json | system
	npm ci --silent --no-audit --no-fund
	@touch $@

setup: $(STAMP) system $(AXE)
	@bash scripts/setup-git-filter.sh $(VENV)

system:
	@bash scripts/setup-system.sh

report: setup
	@$(PY) -m lc_helpers build --data $(call arg,DATA) --wave $(call arg,WAVE) --build-dir $(call arg,BUILD) $(JOBS_ARG)

# Many programs: one job per (program, wave) report and one synthesis, on local cores or a cluster profile.
portfolio: setup
	@test -n $(call arg,PORTFOLIO) || { echo "usage: make portfolio PORTFOLIO=portfolio.yml [PROFILE=profiles/slurm] [CORES=n]"; exit 2; }
	@$(PY) -m lc_helpers portfolio $(call arg,PORTFOLIO) --build-dir $(call arg,BUILD) \
		$(if $(value PROFILE),--profile $(call arg,PROFILE)) $(if $(value CORES),--cores $(call arg,CORES))

check-report: setup
	@$(PY) -m lc_helpers check --data $(call arg,DATA) --wave $(call arg,WAVE) --build-dir $(call arg,BUILD)

validate: $(STAMP)
	@$(PY) -m lc_helpers validate --data $(call arg,DATA) --wave $(call arg,WAVE)

lint: $(STAMP)
	$(VENV)/bin/ruff check lc_helpers tests notebooks
	$(VENV)/bin/lint-imports --no-cache

# Three test processes on two cores (pytest-xdist, a file at a time, files with a long test first: several
# long tests mostly wait); the reports the integration tests read build in the background meanwhile, each
# once for all processes. The live preview test edits a notebook of the
# repository for a few seconds, so it runs alone afterwards, when no other build reads the notebooks.
test: setup lint
	$(PY) -m pytest -n 3 --dist loadfile --no-loadscope-reorder --nbval-lax --durations=25 tests/unit notebooks tests/integration \
		--deselect tests/integration/test_zz_live_preview.py
	$(PY) -m pytest -p no:xdist --durations=5 tests/integration/test_zz_live_preview.py

test-fast: $(STAMP)
	$(PY) -m pytest -q -p no:nbval -n 2 tests/unit

# Mutation testing, outside `make test` (all of it takes hours on 2 cores): mutmut changes one operator or
# constant at a time in analysis/, contract/, synthesis/ and the cache keys ([tool.mutmut] in pyproject.toml)
# and runs the unit tests that reach it. MUTANTS='lc_helpers.analysis.suppression*' runs one module; results
# are kept in mutants/, so a second run goes on where the first stopped. The survivors are listed at the end.
mutation: $(STAMP)
	nice -n 10 $(VENV)/bin/mutmut run --max-children 2 $(call args,MUTANTS)
	$(VENV)/bin/mutmut results

new-dataset: $(STAMP)
	@test -n $(call arg,NAME) || { echo "usage: make new-dataset NAME=<name>"; exit 2; }
	@$(PY) -m lc_helpers new-dataset data/$(call arg,NAME)

dictionary: $(STAMP)
	@$(PY) -m lc_helpers dictionary $(call arg,DATA)

# Participant reports of Zoom or Teams (a folder of them, one file per session) -> attendance.csv.
import-attendance: $(STAMP)
	@test -n $(call arg,REPORTS) || { echo "usage: make import-attendance DATA=data/<name> REPORTS=<folder> [MAPPING=file.csv] [SALT_FILE=~/.lc-salt]"; exit 2; }
	@$(PY) -m lc_helpers import attendance --data $(call arg,DATA) $(call arg,REPORTS) \
		$(if $(value MAPPING),--mapping $(call arg,MAPPING)) $(if $(value SALT_FILE),--salt-file $(call arg,SALT_FILE))

# A REDCap or Qualtrics export -> feedback.csv, through program.yml's import: mapping.
# SUGGEST=1 prints an import: section guessed from the export instead (writes nothing).
import-feedback: $(STAMP)
	@test -n $(call arg,EXPORT) || { echo "usage: make import-feedback DATA=data/<name> EXPORT=<file.csv> [DICTIONARY=<redcap dictionary.csv>] [SUGGEST=1]"; exit 2; }
	@$(PY) -m lc_helpers import feedback --data $(call arg,DATA) $(call arg,EXPORT) \
		$(if $(value DICTIONARY),--dictionary $(call arg,DICTIONARY)) $(if $(value SUGGEST),--suggest)

# Only reviewed wording reaches a report: a review sheet of answers worth quoting goes out;
# SHEET=<the filled sheet> reads the approved wordings back into quotes.csv.
quotes: $(STAMP)
	@$(PY) -m lc_helpers quotes --data $(call arg,DATA) $(if $(value SHEET),--read $(call arg,SHEET))

# Coding packages out: one XLSX workbook per coder (CODERS=ann,ben; default: program.yml coding.coders).
coding-export: $(STAMP)
	@$(PY) -m lc_helpers coding export --data $(call arg,DATA) $(if $(value CODERS),--coders $(call arg,CODERS))

# Coded work in: filled workbooks, .qdpx exports or a filled disagreements sheet (FILES="a.xlsx b.xlsx").
coding-import: $(STAMP)
	@test -n $(call arg,FILES) || { echo "usage: make coding-import DATA=data/<name> FILES='<file> <file> ...'"; exit 2; }
	@$(PY) -m lc_helpers coding import --data $(call arg,DATA) $(call args,FILES)

# The coders' agreement on what is imported, printed again (and the disagreements sheet rewritten).
coding-agreement: $(STAMP)
	@$(PY) -m lc_helpers coding agreement --data $(call arg,DATA)

# A reviewer changed coded answers on purpose and checked that their codes still apply: record it.
coding-relink: $(STAMP)
	@test -n $(call arg,UNITS) -a -n $(call arg,REVIEWER) || { echo "usage: make coding-relink DATA=data/<name> UNITS='<unit id> ...' REVIEWER='<your name>' [NOTE='<what changed>']"; exit 2; }
	@$(PY) -m lc_helpers coding relink --data $(call arg,DATA) $(call args,UNITS) --reviewer $(call arg,REVIEWER) \
		$(if $(value NOTE),--note $(call arg,NOTE))

synthetic: $(STAMP)
	$(PY) -m lc_helpers synthesize --data $(call arg,DATA)

# Notebooks are committed without outputs, run metadata or renumbered cell ids, so a diff shows
# only what a researcher changed. `make setup` installs nbstripout as a git filter with these options
# (scripts/setup-git-filter.sh, .gitattributes): commits are stripped, the working copy keeps its
# outputs. This target strips the files on disk, once (the pre-commit hook runs it too).
NBSTRIPOUT = $(VENV)/bin/nbstripout --keep-id --extra-keys "metadata.papermill cell.metadata.papermill cell.metadata.execution"
strip: $(STAMP)
	$(NBSTRIPOUT) notebooks/*.ipynb

bench: setup
	$(PY) -m lc_helpers bench $(BENCH_ARGS)

# The portfolio at scale: N synthetic programs x 3 waves through `lc-report portfolio` (no PDF by default).
bench-portfolio: setup
	$(PY) -m lc_helpers bench-portfolio $(PORTFOLIO_BENCH_ARGS)

# The reference values the synthesis tests compare with, from R's metafor (Debian: r-base-core r-cran-metafor).
metafor-reference:
	Rscript scripts/metafor_reference.R

# The input the synthesis notebooks open by default (notebooks/synthesis/example_input), from a real portfolio run.
synthesis-example: setup
	$(PY) -m lc_helpers.devtools.synthesis_example

# The report served on 127.0.0.1, rebuilt on every save; open pages reload by themselves.
preview: setup
	@$(PY) -m lc_helpers preview --data $(call arg,DATA) --wave $(call arg,WAVE) --build-dir $(call arg,BUILD) $(if $(value PORT),--port $(call arg,PORT))

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS) notebooks/

lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet -r requirements.txt
	$(VENV)-lock/bin/pip freeze --exclude-editable > requirements-lock.txt
	rm -rf $(VENV)-lock

clean:
	rm -rf $(BUILD) mutants

distclean: clean
	rm -rf $(VENV)

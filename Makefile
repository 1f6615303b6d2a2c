VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDRESS ?= 127.0.0.1:8000

.PHONY: install run test lint messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	@echo "Balise: migrating the local database and loading the demo..."
	DEBUG=true $(BIN)/balise manage migrate --verbosity 0
	DEBUG=true $(BIN)/balise manage collectstatic --noinput --verbosity 0
	DEBUG=true $(BIN)/balise demo
	DEBUG=true BALISE_TASKS_IMMEDIATE=true BALISE_BASE_URL=http://$(ADDRESS) $(BIN)/balise serve $(ADDRESS)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

messages: install
	cd src/balise && ../../$(BIN)/balise manage makemessages -l fr --no-location --no-obsolete && ../../$(BIN)/balise manage compilemessages

clean:
	rm -rf $(VENV) data/ .pytest_cache

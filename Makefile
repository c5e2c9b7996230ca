# Two commands: `make run` (whole stack with demo municipalities) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench install messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m deploy.devstack run

test: $(STAMP)
	$(BIN)/python -m deploy.devstack test $(ARGS)

# What `make test` checks first: ruff and the import layers.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo

bench: $(STAMP)
	$(BIN)/python -m deploy.devstack bench $(ARGS)

# Refresh the catalogues (sorted, no source lines: see hub/tenancy/management/commands/
# makemessages.py) and recompile them after editing a django.po (needs gettext).
messages: $(STAMP)
	KOMPLAN_TESTING=1 $(BIN)/python manage.py makemessages -l sk -l cs -l en --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' --ignore 'screenshots/*'
	KOMPLAN_TESTING=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf .state staticfiles

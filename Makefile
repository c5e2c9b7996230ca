# Two commands: `make run` (whole stack with demo municipalities) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The versions come from the lockfiles (requirements/*.txt, with hashes), the same the image
# installs: requirements/production.txt is what ships, dev.txt adds the tools and tests.
LOCKS  := requirements/production.txt requirements/dev.txt
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCKS) | cksum | cut -d' ' -f1)
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes \
	--no-header --quiet

.PHONY: run test test-faults lint bench install lock messages clean

$(STAMP): pyproject.toml $(LOCKS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Refresh the lockfiles from pyproject.toml (PyPI's newest versions within its ranges).
# dev.txt and embedded.txt are constrained by production.txt, so a package the image ships
# has one version everywhere. Commit the three files together.
lock: $(STAMP)
	$(UV_COMPILE) --upgrade -o requirements/production.txt
	$(UV_COMPILE) --upgrade --extra dev -c requirements/production.txt -o requirements/dev.txt
	$(UV_COMPILE) --upgrade --extra dev --extra embedded -c requirements/dev.txt -o requirements/embedded.txt

run: $(STAMP)
	$(BIN)/python -m deploy.devstack run

# Two processes (pytest-xdist), a test file to each at a time; each process has its own test
# database, Redis database and Celery workers (deploy/testenv.py). TEST_PROCESSES=0: one.
TEST_PROCESSES ?= 2
test: $(STAMP)
	$(BIN)/python -m deploy.devstack test -n $(TEST_PROCESSES) --dist loadfile -m "not faults" $(ARGS)

# The fault tests (tests/faults/): the whole stack as real processes — a private Redis,
# gunicorn, both workers, beat — broken one way per test, each bounded; a few minutes in all.
test-faults: $(STAMP)
	$(BIN)/python -m deploy.devstack test -m faults tests/faults $(ARGS)

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

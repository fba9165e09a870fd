# mujigae — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Test processes (pytest-xdist): `auto` = one per CPU core, each with its own test
# database. `make test WORKERS=0` runs serially (in one process).
WORKERS ?= auto

.PHONY: demo test test-fast bench install messages makemessages lint format browser clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mujigae needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) messages

# Korean translations: compiled with Babel (pure Python, no gettext needed): the
# main catalogue and every app's own (src/mujigae/<app>/locale).
messages: $(STAMP)
	@for d in $$(find src/mujigae -type d -name locale); do \
	  $(BIN)/pybabel compile --use-fuzzy -d $$d -D django -l ko --statistics 2>&1 | tail -1; \
	done

# Collect the main catalogue's strings (apps with their own catalogue are left out:
# run makemessages inside src/mujigae/<app> for those). Then translate and `make messages`.
makemessages: $(STAMP)
	cd src/mujigae && MUJIGAE_DEBUG=1 ../../$(BIN)/mujigae makemessages -l ko --no-obsolete \
	  --add-location file $$(for d in */locale; do [ -d "$$d" ] && echo --ignore "$${d%/locale}/*"; done)

demo: install
	MUJIGAE_DEBUG=1 $(BIN)/mujigae migrate --no-input
	MUJIGAE_DEBUG=1 MUJIGAE_DEMO_URL=http://$(HOST):$(PORT)/ MUJIGAE_BASE_URL=http://$(HOST):$(PORT) $(BIN)/mujigae demo
	@# the scheduler (reminders, notifications, background tasks: docs/notifications.md) runs beside the server and stops with it
	MUJIGAE_DEBUG=1 MUJIGAE_BASE_URL=http://$(HOST):$(PORT) $(BIN)/mujigae run_schedule --with-worker -v 0 & SCHEDULER=$$!; \
	trap 'kill $$SCHEDULER 2>/dev/null' EXIT INT TERM; \
	MUJIGAE_DEBUG=1 MUJIGAE_BASE_URL=http://$(HOST):$(PORT) $(BIN)/mujigae runserver $(HOST):$(PORT)

# Browser tests use Debian's chromium; scripts/ensure-browser installs it when it can.
browser:
	@sh scripts/ensure-browser

test: install browser
	$(BIN)/pytest -n $(WORKERS)

test-fast: install
	$(BIN)/pytest -n $(WORKERS) -m "not e2e"

bench: install
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

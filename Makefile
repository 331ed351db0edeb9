# Relationship Workbench: `make help` lists the targets.
# Any Python from 3.11 on creates .venv (3.11, 3.12 and 3.13 are tested): make PYTHON=python3.13
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8866
STAMP := $(VENV)/.installed
CHP := build/npm/node_modules/.bin/configurable-http-proxy
CHP_VERSION := 5.3.0

.DEFAULT_GOAL := help
.PHONY: help serve test lab install browser hub notebooks demo-data lint format bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-11s %s\n", $$1, $$2}'

serve: install ## set up, then serve the demo engagement's apps on http://127.0.0.1:$(PORT)/
	$(VENV)/bin/workbench serve --port $(PORT)

test: install browser hub ## set up, then run every test: unit, doctests, notebooks (nbval), wheel, browser
	bash scripts/test.sh

lab: install ## open JupyterLab on the workshop templates (for the consultant)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 templates/

install: $(STAMP) ## create .venv and install the workbench with its test tools

$(STAMP): pyproject.toml
	@test -x $(PY) || command -v $(PYTHON) >/dev/null || { \
	  echo "$(PYTHON) not found. Fix: install Python 3.11 or newer, or name one: make install PYTHON=python3.12"; \
	  exit 1; }
	@test -x $(PY) || $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "$(PYTHON) is $$($(PYTHON) -V 2>&1); the workbench needs Python 3.11 or newer." \
	       "Fix: install one, or name it: make install PYTHON=python3.12"; \
	  exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

browser: ## install Debian's Chromium for the browser tests (apt)
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

hub: ## install JupyterHub's proxy from npm into build/npm (for the JupyterHub test)
	@test -x $(CHP) || { \
	  command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm; }; \
	  npm install --prefix build/npm --no-audit --no-fund --silent \
	    configurable-http-proxy@$(CHP_VERSION); }

notebooks: install ## re-execute notebooks/demo from the templates (review the output diff!)
	$(PY) -m workbench.commands.notebooks

demo-data: install ## regenerate the seeded demo engagement in workbench/demo/engagement/
	$(PY) -m workbench.demo.generate

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check workbench tests benchmarks scripts
	$(VENV)/bin/ruff format --check workbench tests benchmarks scripts

format: install ## apply ruff formatting and safe fixes
	$(VENV)/bin/ruff check --fix workbench tests benchmarks
	$(VENV)/bin/ruff format workbench tests benchmarks

bench: install browser ## print the performance figures
	$(PY) benchmarks/house.py
	$(PY) benchmarks/network_map.py
	$(PY) benchmarks/culture_scale.py
	$(PY) benchmarks/app_interactive.py
	$(PY) benchmarks/model_design.py
	$(PY) benchmarks/app_latency.py
	$(PY) benchmarks/deliverables.py
	$(PY) benchmarks/client_ready.py
	$(PY) benchmarks/deck.py
	$(PY) benchmarks/portal_abuse.py
	rm -rf build/baseline-e23d846 && mkdir -p build/baseline-e23d846
	git archive e23d846 | tar -x -C build/baseline-e23d846
	$(PY) benchmarks/big_register.py --stakeholders 5000 --ties 10000 --ratings 5000 \
	  --baseline build/baseline-e23d846
	$(PY) benchmarks/bad_inputs.py
	rm -rf build/baseline-0d1c9e8 && mkdir -p build/baseline-0d1c9e8
	git archive 0d1c9e8 | tar -x -C build/baseline-0d1c9e8
	$(PY) benchmarks/large_engagement.py --baseline build/baseline-0d1c9e8 \
	  --check-only build/baseline-e23d846

clean: ## remove caches (keeps .venv)
	rm -rf .pytest_cache .ruff_cache build dist

# vendorgraph: the two set-up commands are `make demo` and `make test` (see README.md).
PY ?= python3
VENV ?= .venv
# `make demo PORT=8600` serves the dashboard on another port.
PORT ?= 8501
# `make demo` keeps its graph in the checkout (never in the user's own home); `make test` gives
# every test session a temporary home of its own (tests/conftest.py).
DEMO_HOME ?= $(CURDIR)/.vendorgraph
BIN := $(VENV)/bin

.PHONY: install demo test lint typecheck bench neo4j-start neo4j-stop neo4j-status browser-deps build-deps clean

$(BIN)/vendorgraph: pyproject.toml
	@$(MAKE) -s build-deps
	@echo "Installing vendorgraph into $(VENV)/ (first run only, about 2 to 4 minutes):"
	@start=$$(date +%s) \
	&& echo "  1/3 a virtual environment in $(VENV)/" && $(PY) -m venv $(VENV) \
	&& echo "  2/3 the latest pip" && $(BIN)/pip install -q --upgrade pip \
	&& echo "  3/3 vendorgraph with its libraries (Streamlit, LadybugDB, the Neo4j driver, rigour;" \
	&& echo "      PyICU compiles from source, the longest step) and the test tools (pytest, ruff, mypy)" \
	&& $(BIN)/pip install -q -e '.[dev]' \
	&& echo "Installed in $$(( $$(date +%s) - start )) s."
	@touch $@

install: $(BIN)/vendorgraph

# Build the embedded graph from bundled data, print each sample's exposure, serve the dashboard.
demo: install
	VENDORGRAPH_HOME=$(DEMO_HOME) $(BIN)/vendorgraph demo --port $(PORT)

# The whole suite: the test session starts a local Neo4j (tools/neo4j_local.py) unless NEO4J_URI is set.
test: install browser-deps
	$(BIN)/ruff check graph ingest vendorgraph dashboard tests tools bench
	$(BIN)/mypy
	$(BIN)/mypy --strict tools/neo4j_local.py
	$(BIN)/pytest -q

# rigour -> normality -> PyICU builds from source against the system ICU (no wheels on PyPI).
build-deps:
	@if ! pkg-config --exists icu-uc 2>/dev/null || ! command -v g++ >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; \
	  else echo "PyICU needs the ICU headers: sudo apt-get install libicu-dev pkg-config g++"; fi; fi

# Debian's Chromium for the browser tests (never `playwright install`, which downloads a browser).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium"; fi; }

lint:
	$(BIN)/ruff check graph ingest vendorgraph dashboard tests tools bench

typecheck:
	$(BIN)/mypy
	$(BIN)/mypy --strict tools/neo4j_local.py

bench: install
	$(BIN)/python bench/exposure_bench.py
	$(BIN)/python bench/large_graph.py --neo4j
	$(BIN)/python bench/demo_bench.py

# Start a local Neo4j (Maven Central jars, no Docker): eval "$$(make -s neo4j-start)" sets NEO4J_*.
neo4j-start: install
	@$(BIN)/python tools/neo4j_local.py start

neo4j-status:
	@$(BIN)/python tools/neo4j_local.py status

neo4j-stop:
	$(BIN)/python tools/neo4j_local.py stop

clean:
	rm -rf .vendorgraph build .pytest_cache .mypy_cache tools/neo4j/target

# jinzai — two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# What is installed comes from the hash-locked files in requirements/ (make lock writes them from
# pyproject.toml); the project itself is installed on top without resolving anything.
LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) pyproject.toml | md5sum | cut -c1-12)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat $(DEV_LOCK) pyproject.toml | md5sum | cut -c1-12)
# Four workers on two cores: browser tests wait on Chromium and the live server, so two workers left the
# cores idle a third of the time (make test: 12 min with 2 workers, 10 with 4, before --nomigrations).
PYTEST_ARGS ?= -n 4 --dist loadfile --no-loadscope-reorder
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev lock system-deps run migrate demo test lint format e2e screenshots bench load clean

install: $(STAMP)

$(STAMP): $(LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r $(LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

install-dev: $(DEV_STAMP)

$(DEV_STAMP): $(DEV_LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r $(DEV_LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(STAMP)

# Rewrites both lock files from pyproject.toml, keeping every pin that still satisfies it.
# Newer releases: make lock LOCK_FLAGS=--upgrade (all) or LOCK_FLAGS="--upgrade-package django" (one).
LOCK_FLAGS ?=
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --build-deps-for editable $(LOCK_FLAGS)
lock: install-dev
	$(PIP_COMPILE) -o $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra dev -o $(DEV_LOCK) pyproject.toml

# Browser tests drive Debian's Chromium headless shell (half the CPU per page of the full browser in headless
# mode); screenshots need Japanese fonts.
system-deps:
	@if ! command -v chromium-headless-shell >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
		echo "Installing chromium-headless-shell and fonts-noto-cjk (apt)…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium-headless-shell fonts-noto-cjk >/dev/null; \
	fi

migrate: install
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py seed_demo --if-empty

run: demo
	@$(PY) manage.py demo_logins
	@echo "http://$(HOST):$(PORT)/ で起動します（停止は Ctrl+C）"
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install-dev system-deps lint
	E2E_SHOTS=0 $(VENV)/bin/pytest -q $(PYTEST_ARGS)

e2e screenshots: install-dev system-deps
	E2E_WIDE_SHOTS=1 $(VENV)/bin/pytest -q tests/e2e

# Each heavy path against hand-written SQL, on SQLite and on PostgreSQL (BENCH_PG_URL, default
# postgres://postgres@127.0.0.1:5432; databases jinzai_bench_*). Data is generated once and kept in
# BENCH_DIR (default benchmarks/out/data); docs/benchmarks.md records the figures.
BENCH_DB ?= sqlite postgres
bench: install-dev
	@for db in $(BENCH_DB); do \
		$(PY) benchmarks/run.py --db $$db && \
		$(PY) benchmarks/plan_progress.py --db $$db && \
		$(PY) benchmarks/skills.py --db $$db && \
		$(PY) benchmarks/learning.py --db $$db && \
		$(PY) benchmarks/talent.py --db $$db && \
		$(PY) benchmarks/region.py --db $$db || exit 1; \
	done

# 50 simulated users (70 % reads, 30 % writes) against gunicorn with 4 workers on the loopback, 120 s each.
LOCUST ?= $(VENV)/bin/locust
load: install-dev
	@for db in $(BENCH_DB); do $(PY) benchmarks/load.py --db $$db --locust $(LOCUST) || exit 1; done

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache

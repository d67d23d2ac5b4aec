# The two commands of the README: `make demo` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test bench lint system-deps venv migrate check-deploy clean

# Debian packages WeasyPrint needs (Pango) and a CJK font for Chinese text in PDFs (fonts-wqy-microhei renders a
# one-page form in ≈1.5 s; fonts-noto-cjk costs ≈8 s per document, so not that one). Installed only when missing.
system-deps:
	@missing=""; \
	ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing="$$missing libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || missing="$$missing libharfbuzz-subset0"; \
	fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || missing="$$missing fonts-wqy-microhei"; \
	command -v fc-list >/dev/null || missing="$$missing fontconfig"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "WARNING: cannot install$$missing (no root): PDFs may show boxes instead of Chinese characters" >&2; fi; \
	fi

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput -v0

demo: system-deps venv
	WUHAI_DEMO=1 DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	WUHAI_DEMO=1 DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:$(PORT)/ — 登录页显示所有演示账号 (Ctrl-C to stop)"
	WUHAI_DEMO=1 DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: system-deps venv
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .

check-deploy: venv
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=zhicheng.wuhai.example $(PY) manage.py check --deploy --fail-level WARNING

# Every bench/bench_*.py → bench/results.json (docs/performance.md). BENCH_SCALE shrinks the synthetic region (CI: 0.05);
# bench_region.py creates and drops its own scratch database on the PostgreSQL server of DATABASE_URL (default
# postgres://postgres@127.0.0.1:5432/postgres) and falls back to SQLite, saying so, when none answers.
bench: system-deps venv
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 var .pytest_cache

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

# Installs Debian packages as root, or through sudo when it needs no password; otherwise says what is missing.
# (sudo -n: never wait for a password prompt in a build.)
apt_install = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n apt-get update -qq && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; else false; fi

# ldconfig lives in /sbin (/usr/sbin), which is not on a normal user's PATH: name it by its path.
LDCONFIG := $(firstword $(wildcard /sbin/ldconfig /usr/sbin/ldconfig) ldconfig)

# Debian packages WeasyPrint needs (Pango) and a CJK font for Chinese text in PDFs (fonts-wqy-microhei renders a
# one-page form in ≈1.5 s; fonts-noto-cjk costs ≈8 s per document, so not that one). Installed only when missing.
# Without root the PDFs fall back to Noto Sans SC from the PyPI package pylopdf-fonts-zh-cn (SIL OFL 1.1), a
# dependency in pyproject.toml, loaded by workflow/documents.py when fontconfig knows no CJK font.
system-deps:
	@missing=""; \
	libs=$$($(LDCONFIG) -p 2>/dev/null); \
	grep -q 'libpango-1.0.so' <<<"$$libs" || missing="$$missing libpango-1.0-0"; \
	grep -q 'libpangoft2-1.0.so' <<<"$$libs" || missing="$$missing libpangoft2-1.0-0"; \
	grep -q 'libharfbuzz-subset.so' <<<"$$libs" || missing="$$missing libharfbuzz-subset0"; \
	command -v fc-list >/dev/null || missing="$$missing fontconfig"; \
	fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  echo "missing Debian packages:$$missing — installing them"; \
	  if ! { $(call apt_install,$$missing); }; then \
	    echo "WARNING: cannot install$$missing (no root, no password-less sudo)." >&2; \
	    case "$$missing" in *fonts-wqy-microhei*) \
	      echo "  PDFs use the font of the PyPI package pylopdf-fonts-zh-cn (Noto Sans SC) instead." >&2;; esac; \
	    case "$$missing" in *libpango*|*libharfbuzz*) \
	      echo "  WeasyPrint cannot render PDFs without them: ask an administrator for:$$missing" >&2;; esac; \
	  fi; \
	fi

# A venv is trusted only when its python runs and has pip: `python3 -m venv` without Debian's python3.11-venv
# leaves a .venv without pip behind, which is removed and made again rather than used.
$(STAMP): pyproject.toml
	@if ! { [ -x $(PY) ] && $(PY) -m pip --version >/dev/null 2>&1; }; then \
	  rm -rf $(VENV); \
	  if ! $(PYTHON) -m venv $(VENV) >/dev/null 2>&1; then \
	    rm -rf $(VENV); \
	    echo "'$(PYTHON) -m venv' failed: trying to install Debian package python3.11-venv"; \
	    if ! { $(call apt_install,python3.11-venv); } || ! $(PYTHON) -m venv $(VENV); then \
	      rm -rf $(VENV); \
	      echo "ERROR: cannot create $(VENV): install Debian's python3.11-venv (apt-get install python3.11-venv)" \
	           "as root, then run make again" >&2; \
	      exit 1; \
	    fi; \
	  fi; \
	fi
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

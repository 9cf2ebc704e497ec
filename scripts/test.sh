#!/usr/bin/env bash
# `make test`: install what the tests need, then lint, the migration check and the whole suite.
# DATABASE_URL and CELERY_BROKER_URL choose the database and broker (SQLite and kombu's filesystem
# transport by default; .ci/run also runs it on PostgreSQL and Redis). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

began=$(date +%s)
step() { printf '\n=== [%4ss] %s\n' "$(($(date +%s) - began))" "$*"; }

step "System packages (Debian's chromium, poppler-utils, Pango, Liberation fonts)"
bash scripts/system-packages.sh

step "Python packages (.venv)"
bash scripts/venv.sh test

step "Lint: ruff check, ruff format --check"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

step "Layers: lint-imports (pyproject.toml [tool.importlinter])"
.venv/bin/lint-imports --no-cache

step "Migrations match the models: makemigrations --check --dry-run"
.venv/bin/python manage.py makemigrations --check --dry-run

# Two workers (pytest-xdist) on a 2-core machine. xdist's default "load" distribution keeps each
# worker's tests in collection order, where pytest-django puts transactional tests (live_server,
# real workers, row locks) last: their table flush then cannot remove data that migrations seeded
# from under a later test. (--dist loadfile would break that order.) PYTEST_WORKERS=0: one process.
workers="${PYTEST_WORKERS:-2}"
xdist=()
if [ "$workers" != "0" ]; then
  xdist=(-n "$workers")
fi
step "pytest (database: ${DATABASE_URL:-SQLite default}; broker: ${CELERY_BROKER_URL:-filesystem default}; workers: ${workers})"
# pytest exits 5 when it collected no tests: with `set -e` that fails this script, as it should.
.venv/bin/pytest "${xdist[@]}" --durations=10 "$@"

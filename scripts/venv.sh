#!/usr/bin/env bash
# Create .venv with Python 3.11 if missing and install the pinned dependencies into it, only when
# pyproject.toml changed since the last install (so re-running `make run` is quick).
#   scripts/venv.sh run   runtime dependencies only (what `make run` needs)
#   scripts/venv.sh test  runtime + test dependencies (pytest, Playwright, ruff, ...)
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-run}"
case "$what" in
  run | test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

python=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    python="$candidate"
    break
  fi
done

if [ ! -x .venv/bin/python ]; then
  if [ -z "$python" ]; then
    echo "Python 3.11 is needed (Django 5.2 LTS, docs/adr/0001). On Debian 12: apt-get install python3.11-venv" >&2
    exit 1
  fi
  echo "Creating .venv with $("$python" --version)"
  "$python" -m venv .venv
fi

hash=$(sha256sum pyproject.toml | cut -c1-16)
# A test install includes everything a run install has.
if [ -f ".venv/.installed-test-$hash" ] || [ -f ".venv/.installed-$what-$hash" ]; then
  exit 0
fi

echo "Installing the pinned dependencies ($what) into .venv (first run, or pyproject.toml changed)"
# The project itself is not installed: it runs from this folder (manage.py, `python -m celery`,
# pytest's rootdir), so there is nothing to build. pip's notes about this machine's optional
# local package folders are dropped; real errors still show and stop the script.
.venv/bin/python - "$what" > .venv/requirements.txt <<'PY'
import sys, tomllib

project = tomllib.load(open("pyproject.toml", "rb"))["project"]
wanted = project["dependencies"] + (project["optional-dependencies"]["test"] if sys.argv[1] == "test" else [])
print("\n".join(wanted))
PY
.venv/bin/python -m pip install --quiet -r .venv/requirements.txt 2>&1 |
  { grep -v "is ignored: it is neither a file nor a directory" || true; }
rm -f .venv/.installed-*
touch ".venv/.installed-$what-$hash"

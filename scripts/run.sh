#!/usr/bin/env bash
# `make run`: the quick start. Installs, migrates, loads the demo county (idempotent), then runs
# the web server on 127.0.0.1:${PORT:-8000} and a Celery worker with embedded beat, prints the
# address and demo sign-ins, and stops both on Ctrl-C (or when either of them dies).
# Re-runnable: every step is safe to repeat. Settings come from the environment (or .env).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
export PORT
export PYTHONUNBUFFERED=1
# Nothing on the console that a newcomer would take for a failure: runserver's "development
# server" notice (this is the quick start), and Celery's warning about running as root (a
# container or a fresh VM often is; the Dockerfile runs everything as its own user).
export DJANGO_RUNSERVER_HIDE_WARNING=true
if [ "$(id -u)" -eq 0 ]; then
  export PYTHONWARNINGS="${PYTHONWARNINGS:+$PYTHONWARNINGS,}ignore::UserWarning:celery.platforms"
fi
python=.venv/bin/python

bash scripts/venv.sh run
mkdir -p var/broker/out var/broker/processed  # kombu's filesystem broker (the quick-start default)

echo "Migrating the database"
$python manage.py migrate --noinput
echo "Loading the demo data (seed_demo is idempotent)"
$python manage.py seed_demo

if $python -c "import socket, sys; s = socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "Port $PORT on 127.0.0.1 is in use: stop what is using it, or run PORT=8001 make run" >&2
  exit 1
fi

web=""
worker=""
stopping=0
groups_alive() {
  for pid in $web $worker; do kill -0 -- "-$pid" 2>/dev/null && return 0; done
  return 1
}
stop_all() {
  [ "$stopping" -eq 1 ] && return
  stopping=1
  trap - INT TERM
  trap '' PIPE  # the terminal or a `| tee` may be gone already: stopping must not depend on it
  echo "Stopping the web server and the Celery worker" 2>/dev/null || true
  # runserver: its reloader and the serving child share the group. Celery: only the main process,
  # which then stops its pool and embedded beat itself (a warm shutdown).
  if [ -n "$web" ]; then kill -TERM -- "-$web" 2>/dev/null || true; fi
  if [ -n "$worker" ]; then kill -TERM "$worker" 2>/dev/null || true; fi
  for _ in $(seq 1 75); do  # up to 15 s
    groups_alive || break
    sleep 0.2
  done
  for pid in $web $worker; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  echo "Stopped." 2>/dev/null || true
}
# Ctrl-C is how the quick start is meant to end: a clean stop, exit 0 (so `make` reports nothing).
trap 'stop_all; exit 0' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# Each background job gets its own process group (job control on), so nothing is left behind:
# the group is what gets checked, and killed if a process ignores the polite request.
set -m
$python manage.py runserver "127.0.0.1:$PORT" &
web=$!
$python -m celery -A apcommission worker --beat --loglevel info --concurrency 1 &
worker=$!
set +m  # later foreground commands stay in this script's group, so Ctrl-C reaches the trap

# Wait (up to 60 s) until the web server answers, healthy or not, before printing where it is.
$python - "$PORT" <<'PY'
import sys, time, urllib.error, urllib.request

for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2)
        break
    except urllib.error.HTTPError:  # 503: answering, though the broker or database is not ok
        break
    except OSError:
        time.sleep(0.5)
PY
$python manage.py print_welcome --url "http://127.0.0.1:$PORT/"

# Until Ctrl-C, or until one of them stops by itself (then stop the other too).
set +e
wait -n "$web" "$worker"
status=$?
set -e
echo "A process stopped by itself (exit $status); stopping the rest." >&2
exit "$status"

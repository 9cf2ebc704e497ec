"""`make run` (scripts/run.sh) prints nothing a newcomer would take for a failure, and Ctrl-C ends
it with exit 0 (so make adds no '*** Error'). Checked against what the script sets up."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from kombu import Connection

RUN_SH = Path(__file__).resolve().parents[2] / "scripts" / "run.sh"


def test_the_quick_start_broker_names_its_host_so_kombu_does_not_warn(caplog):
    with caplog.at_level(logging.WARNING, logger="kombu"):
        Connection(settings.QUICK_START_BROKER_URL).info()
    assert settings.QUICK_START_BROKER_URL.startswith("filesystem://")
    assert not [r for r in caplog.records if "No hostname" in r.getMessage()]


def test_ctrl_c_stops_everything_and_exits_0():
    script = RUN_SH.read_text()
    assert re.search(r"^trap 'stop_all; exit 0' INT$", script, re.M)
    assert "export DJANGO_RUNSERVER_HIDE_WARNING=true" in script


@pytest.mark.skipif(os.getuid() != 0, reason="Celery warns only when the worker runs as root")
def test_the_worker_started_as_root_by_the_quick_start_does_not_warn():
    warnings = re.search(r'export PYTHONWARNINGS="\$\{PYTHONWARNINGS:\+\$PYTHONWARNINGS,\}([^"]+)"', RUN_SH.read_text())
    check = "from celery.platforms import check_privileges; check_privileges({'json'})"
    env = {**os.environ, "PYTHONWARNINGS": warnings.group(1)}
    quiet = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=60)
    assert quiet.returncode == 0 and "SecurityWarning" not in quiet.stderr, quiet.stderr
    env.pop("PYTHONWARNINGS")
    loud = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=60)
    assert "SecurityWarning" in loud.stderr  # what a newcomer saw before

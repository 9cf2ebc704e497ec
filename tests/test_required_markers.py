"""CI's PostgreSQL pass fails when a test that needs PostgreSQL or the real worker was skipped."""

from types import SimpleNamespace

import pytest

from tests import required_markers


def _report(skipped, *markers):
    return SimpleNamespace(skipped=skipped, keywords=dict.fromkeys(markers, 1), nodeid=f"tests/x.py::t{markers}")


def _finish():
    session = SimpleNamespace(config=SimpleNamespace(), exitstatus=pytest.ExitCode.OK)
    required_markers.pytest_sessionfinish(session, pytest.ExitCode.OK)
    return session.exitstatus


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(required_markers, "_skipped", [])


def test_a_skipped_postgres_test_fails_the_run_when_postgres_is_required(monkeypatch, capsys):
    monkeypatch.setenv(required_markers.ENV, "postgres,celery_worker")
    required_markers.pytest_runtest_logreport(_report(True, "postgres"))
    assert _finish() == pytest.ExitCode.TESTS_FAILED
    assert "must run here" in capsys.readouterr().out


def test_a_skipped_worker_test_fails_the_run_too(monkeypatch):
    monkeypatch.setenv(required_markers.ENV, "postgres,celery_worker")
    required_markers.pytest_runtest_logreport(_report(True, "celery_worker"))
    assert _finish() == pytest.ExitCode.TESTS_FAILED


def test_skips_are_allowed_without_the_setting_and_for_other_tests(monkeypatch):
    monkeypatch.delenv(required_markers.ENV, raising=False)
    required_markers.pytest_runtest_logreport(_report(True, "postgres"))
    monkeypatch.setenv(required_markers.ENV, "postgres")
    required_markers.pytest_runtest_logreport(_report(True, "browser"))
    required_markers.pytest_runtest_logreport(_report(False, "postgres"))
    assert _finish() == pytest.ExitCode.OK

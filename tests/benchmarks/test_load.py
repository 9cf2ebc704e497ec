"""The load script's measuring: each page between two runs of the reference, in rounds, every other
round in reverse order, its figures the mean of its rounds (wrk stands in for the load, which the
benchmark itself measures)."""

import pytest

from benchmarks import load
from benchmarks.load import Load, Row, _measure, table

#: Requests/s each run of wrk answers, in the order asked: the reference at 400, each page at the
#: number in its URL, with a round's number added so the rounds differ.
_REFERENCE = "/benchmark/reference/"


@pytest.fixture
def wrk(monkeypatch):
    asked: list[str] = []

    def fake_wrk(url, cookie, *, connections, seconds):
        path = url.removeprefix("http://server")
        asked.append(path)
        pages_done = sum(1 for p in asked if p != _REFERENCE)
        if path == _REFERENCE:
            return Load(rps=400.0, p50_ms=30.0, p95_ms=40.0, errors=0)
        extra = 40.0 if pages_done > 2 else 0.0  # the second round answers 40/s more
        return Load(rps=float(path.strip("/")) + extra, p50_ms=60.0, p95_ms=80.0 + extra, errors=0)

    monkeypatch.setattr(load, "_wrk", fake_wrk)
    monkeypatch.setattr(load, "_get", lambda url, cookie: None)
    return asked


def _rows():
    return [Row("reference", "anonymous", _REFERENCE), Row("a", "officer", "/200/"), Row("b", "officer", "/240/")]


def test_each_round_measures_every_page_between_references_and_the_next_in_reverse(wrk, monkeypatch):
    monkeypatch.setenv("BENCH_ROUNDS", "2")
    rows = _rows()
    references = _measure("http://server", rows, {"anonymous": "", "officer": "x"}, connections=16, seconds=4)
    assert wrk == [_REFERENCE, "/200/", _REFERENCE, "/240/", _REFERENCE, "/240/", _REFERENCE, "/200/", _REFERENCE]
    assert len(references) == 5
    a, b = rows[1], rows[2]
    assert [page.rps for page, _ in a.rounds] == [200.0, 240.0]
    assert a.load.rps == 220.0 and a.reference.rps == 400.0 and b.load.rps == 260.0


def test_the_table_shows_the_mean_and_each_rounds_ratio(wrk, monkeypatch):
    monkeypatch.setenv("BENCH_ROUNDS", "2")
    rows = _rows()
    _measure("http://server", rows, {"anonymous": "", "officer": "x"}, connections=16, seconds=4)
    for row in rows[1:]:
        row.profile = load.Profile(status=200, queries=1, sql_ms=1.0, view_ms=1.0, cpu_ms=2.0, kb=10.0)
    line = table(rows[1:], rows[1].reference).splitlines()[2]
    # 220/400 = 0.55 and a p95 of 100 ms against 40: 2.5 ×, below the bar; round by round 0.50 then 0.60.
    assert "| 0.55 |" in line and "| 2.50 |" in line and "| below |" in line
    assert line.endswith("| 0.50, 2.00; 0.60, 3.00 |")


def test_one_round_is_the_page_between_its_references(wrk, monkeypatch):
    monkeypatch.setenv("BENCH_ROUNDS", "1")
    rows = _rows()
    _measure("http://server", rows, {"anonymous": "", "officer": "x"}, connections=16, seconds=4)
    assert wrk == [_REFERENCE, "/200/", _REFERENCE, "/240/", _REFERENCE]
    assert rows[2].load.rps == 240.0 and len(rows[2].rounds) == 1

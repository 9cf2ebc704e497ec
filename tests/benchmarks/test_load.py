"""The load script's measuring: each page between two runs of the reference, in rounds, every other
round in reverse order, its figures the mean of its rounds (wrk stands in for the load, which the
benchmark itself measures)."""

from dataclasses import replace

import pytest

from benchmarks import load
from benchmarks.load import Load, Row, _measure, cpu_seconds, table, with_cpu

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
    monkeypatch.setattr(load, "cpu_seconds", lambda: {"app": 0.0, "database": 0.0})
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


def _process(proc, pid: int, command: str, utime: int, stime: int) -> None:
    # proc(5): pid (comm) state ppid ... with utime and stime the 14th and 15th fields.
    fields = ["S", "1", *["0"] * 9, str(utime), str(stime), "0", "0"]
    (proc / str(pid)).mkdir()
    (proc / str(pid) / "stat").write_text(f"{pid} ({command}) {' '.join(fields)}\n")


def test_cpu_seconds_adds_up_the_workers_and_the_databases_processes(tmp_path):
    ticks = load.os.sysconf("SC_CLK_TCK")
    _process(tmp_path, 10, "gunicorn", ticks * 2, ticks)  # 3 s
    _process(tmp_path, 11, "gunicorn", ticks, 0)  # 1 s
    _process(tmp_path, 12, "postgres", ticks // 2, ticks // 2)  # 1 s
    _process(tmp_path, 13, "wrk", ticks * 9, 0)  # neither
    (tmp_path / "self").mkdir()
    assert cpu_seconds(tmp_path) == {"app": 4.0, "database": 1.0}


def test_a_loads_cpu_is_what_its_requests_cost_each():
    found = Load(rps=500.0, p50_ms=20.0, p95_ms=30.0, errors=0, requests=2000)
    costed = with_cpu(found, {"app": 10.0, "database": 5.0}, {"app": 16.0, "database": 6.5})
    # 6 s of the workers' CPU and 1.5 s of PostgreSQL's over 2,000 requests.
    assert (costed.app_cpu_ms, costed.database_cpu_ms) == (3.0, 0.75)
    assert with_cpu(replace(found, requests=0), {}, {"app": 1.0}).app_cpu_ms == 0.0


def test_the_table_shows_each_pages_cpu_under_load(wrk, monkeypatch):
    monkeypatch.setenv("BENCH_ROUNDS", "2")
    # The loads in order: reference, a, reference, b, reference, b, reference, a, reference; the
    # workers' CPU seconds each costs (a: 1 s in its first round, 2 s in its second).
    costs = [1.0, 1.0, 1.0, 3.0, 1.0, 3.0, 1.0, 2.0, 1.0]
    readings = iter([reading for cost in costs for reading in (0.0, cost)])
    monkeypatch.setattr(load, "cpu_seconds", lambda: {"app": next(readings), "database": 0.0})
    monkeypatch.setattr(
        load, "_wrk", lambda url, cookie, **kw: Load(rps=400.0, p50_ms=30.0, p95_ms=40.0, errors=0, requests=1000)
    )
    rows = _rows()
    _measure("http://server", rows, {"anonymous": "", "officer": "x"}, connections=16, seconds=4)
    for row in rows[1:]:
        row.profile = load.Profile(status=200, queries=1, sql_ms=1.0, view_ms=1.0, cpu_ms=2.0, kb=10.0)
    assert rows[1].load.app_cpu_ms == 1.5  # the mean of its two rounds: 1 ms and 2 ms a request
    assert "| 1.50 | 0.00 |" in table(rows[1:], rows[1].reference).splitlines()[2]

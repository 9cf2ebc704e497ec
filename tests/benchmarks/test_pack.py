"""The pack benchmark's verdict: each target checked against the measured figures."""

from benchmarks.pack import Measure, table, verdict


def _measure(name, *, gather, render, queries=24):
    return Measure(name, 300, 300, 26, 42, 1087, queries, gather, render, 7, 70, [(gather, render)])


def test_the_targets_are_met_or_missed_by_the_measured_figures():
    demo, large = _measure("demo", gather=0.2, render=2.3), _measure("large", gather=0.3, render=2.9)
    assert all(line.endswith(("met", "the same")) for line in verdict(demo, large))
    slow_demo = _measure("demo", gather=0.5, render=2.6)
    assert verdict(slow_demo, large)[0].endswith("MISSED")
    slow_gather = _measure("large", gather=3.1, render=2.0)
    assert verdict(demo, slow_gather)[1].endswith("MISSED")
    slow_render = _measure("large", gather=0.3, render=10.5)
    assert verdict(demo, slow_render)[2].endswith("MISSED")
    assert verdict(demo, _measure("large", gather=0.3, render=2.9, queries=30))[3].endswith("DIFFER")


def test_the_table_has_a_row_per_county():
    rows = table([_measure("demo", gather=0.2, render=2.3), _measure("large", gather=0.3, render=2.9)]).splitlines()
    assert len(rows) == 4 and rows[2].startswith("| demo | 300 |") and "| 2.50 |" in rows[2]

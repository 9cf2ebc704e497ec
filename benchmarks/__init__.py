"""The benchmark: a large synthetic county on PostgreSQL and a load script that measures every
page beside a bare reference page (docs/performance.md).

Nothing here is part of the service: the `benchmarks` app (its reference table, view and URL) is
installed only by `benchmarks.settings`, which the benchmark run uses; production and the tests
never load it.
"""

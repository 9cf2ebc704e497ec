"""Time the Schools Forum pack: gathering its figures and rendering its PDF, separately, for the demo
county and for a county ten times its size (docs/reports.md, docs/performance.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/apc_bench .venv/bin/python -m benchmarks.pack
    ... -m benchmarks.pack --times 10 --runs 3

PostgreSQL only (the county is written with COPY). In one run it:

1. seeds the demo (Marchshire, `seed_demo`) if it is not there;
2. builds the benchmark county (benchmarks.county) `--times` the demo's size — providers, schools,
   pupils, placements, attendance marks and reviews each multiplied — if there is no benchmark
   county yet, with its money, plans and packs (benchmarks.money, benchmarks.papers);
3. for each county, `--runs` times (median kept): gathers the pack's figures
   (reports.selectors.forum_pack, queries counted) and renders the tagged PDF;
4. prints a Markdown table and writes it with the raw figures to var/benchmark/pack-<time>.json.

Targets (issue 13): the demo under 3 seconds in all; the large county under 3 s to gather and under
10 s to render; the queries the same number for both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "benchmark"
DEMO_LA_CODE = "990"
PDFINFO = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
TARGETS = {"demo_total": 3.0, "large_gather": 3.0, "large_render": 10.0}


@dataclass
class Measure:
    county: str
    placements: int
    pupils: int
    providers: int
    invoices: int
    commitment_rows: int
    queries: int
    gather_s: float
    render_s: float
    pages: int
    kilobytes: int
    runs: list[tuple[float, float]]

    @property
    def total_s(self) -> float:
        return self.gather_s + self.render_s


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()


def demo_size(la, times: float):
    """The benchmark county's size: each of the demo LA's counts multiplied by `times`."""
    from apcommission.core.models import School
    from benchmarks.county import CountySize
    from placements.models import AttendanceMark, Placement, PlacementReview, Pupil
    from providers.models import Provider

    return CountySize(
        providers=round(Provider.objects.filter(organisation__local_authority=la).count() * times),
        schools=round(School.objects.filter(organisation__local_authority=la).count() * times),
        pupils=round(Pupil.objects.filter(home_la=la).count() * times),
        placements=round(Placement.objects.filter(pupil__home_la=la).count() * times),
        attendance_marks=round(AttendanceMark.objects.filter(placement__pupil__home_la=la).count() * times),
        reviews=round(PlacementReview.objects.filter(placement__pupil__home_la=la).count() * times),
    )


def _pages(pdf: bytes) -> int:
    try:
        done = subprocess.run([PDFINFO, "-"], input=pdf, capture_output=True, check=True)  # noqa: S603 - our own PDF
        info = done.stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return 0
    return next((int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:")), 0)


def measure(la, *, name: str, runs: int) -> Measure:
    from django.db import connection
    from django.utils import timezone

    from apcommission.core.years import years_of
    from funding.models import Commitment, Invoice
    from placements.models import Placement, Pupil
    from providers.models import Provider
    from reports.selectors import PackOptions, forum_pack
    from reports.services import pack_render

    today = timezone.localdate()
    options = PackOptions(
        meeting_date=today + dt.timedelta(days=14),
        financial_year=years_of(today).financial.start_year,
        first_snapshot=today - dt.timedelta(days=180),
        second_snapshot=today - dt.timedelta(days=7),
    )
    times, queries, pdf = [], 0, b""
    for _ in range(runs):
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        began = time.perf_counter()
        with connection.execute_wrapper(count):
            data = forum_pack(local_authority=la, title=f"Benchmark pack: {la.name}", options=options)
        gathered = time.perf_counter()
        pdf = pack_render(data)
        rendered = time.perf_counter()
        times.append((round(gathered - began, 3), round(rendered - gathered, 3)))
        queries = len(executed)
    return Measure(
        county=name,
        placements=Placement.objects.filter(pupil__home_la=la).count(),
        pupils=Pupil.objects.filter(home_la=la).count(),
        providers=Provider.objects.filter(organisation__local_authority=la).count(),
        invoices=Invoice.objects.filter(local_authority=la).count(),
        commitment_rows=Commitment.objects.filter(local_authority=la).count(),
        queries=queries,
        gather_s=round(statistics.median(t[0] for t in times), 3),
        render_s=round(statistics.median(t[1] for t in times), 3),
        pages=_pages(pdf),
        kilobytes=round(len(pdf) / 1024),
        runs=times,
    )


def table(measures: list[Measure]) -> str:
    lines = [
        "| county | placements | pupils | providers | invoices | commitment rows | queries | gather s | render s "
        "| total s | pages | KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        lines.append(
            f"| {m.county} | {m.placements:,} | {m.pupils:,} | {m.providers:,} | {m.invoices:,} | "
            f"{m.commitment_rows:,} | {m.queries} | {m.gather_s:.2f} | {m.render_s:.2f} | {m.total_s:.2f} | "
            f"{m.pages} | {m.kilobytes} |"
        )
    return "\n".join(lines)


def verdict(demo: Measure, large: Measure) -> list[str]:
    return [
        f"demo in all {demo.total_s:.2f} s (target < {TARGETS['demo_total']:.0f} s): "
        + ("met" if demo.total_s < TARGETS["demo_total"] else "MISSED"),
        f"large gather {large.gather_s:.2f} s (target < {TARGETS['large_gather']:.0f} s): "
        + ("met" if large.gather_s < TARGETS["large_gather"] else "MISSED"),
        f"large render {large.render_s:.2f} s (target < {TARGETS['large_render']:.0f} s): "
        + ("met" if large.render_s < TARGETS["large_render"] else "MISSED"),
        f"queries {demo.queries} and {large.queries}: " + ("the same" if demo.queries == large.queries else "DIFFER"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=float, default=10.0, help="The large county's size as a multiple of the demo.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per county (the median is kept).")
    args = parser.parse_args(argv)
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from apcommission.core.models import Organisation
    from benchmarks.county import LA_CODE, build_county

    if connection.vendor != "postgresql":
        print("The benchmark county is written with PostgreSQL's COPY: set DATABASE_URL to PostgreSQL.")
        return 2
    demo = Organisation.objects.filter(kind="la", la_code=DEMO_LA_CODE).first()
    if demo is None:
        call_command("seed_demo")
        demo = Organisation.objects.get(kind="la", la_code=DEMO_LA_CODE)
    large = Organisation.objects.filter(kind="la", la_code=LA_CODE).first()
    if large is None:
        size = demo_size(demo, args.times)
        print(f"Building the benchmark county at {args.times:g} × the demo: {size}")
        began = time.monotonic()
        large = build_county(size=size, seed=1).la
        print(f"  built in {time.monotonic() - began:.0f} s")
    measures = [
        measure(demo, name=f"demo ({demo.name})", runs=args.runs),
        measure(large, name=f"{args.times:g} × demo ({large.name})", runs=args.runs),
    ]
    report = table(measures)
    checks = verdict(*measures)
    print(report)
    print("\n".join(checks))
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (OUT / f"pack-{stamp}.json").write_text(
        json.dumps(
            {"table": report, "checks": checks, "measures": [asdict(m) | {"total_s": m.total_s} for m in measures]},
            indent=2,
        )
    )
    return 0 if all(check.endswith(("met", "the same")) for check in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""`manage.py build_benchmark_county` (with DJANGO_SETTINGS_MODULE=benchmarks.settings): build the
large synthetic county and the reference table on PostgreSQL (docs/performance.md)."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.county import CountySize, build_county
from benchmarks.reference import build_reference_rows


class Command(BaseCommand):
    help = "Build the benchmark county (1,000 providers, 100,000 pupils, 200,000 placements, ...) with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply every count (0.01 for a quick try).")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today).")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale: float, today, seed: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The benchmark county is written with PostgreSQL's COPY: set DATABASE_URL to PostgreSQL."
            )
        began = time.monotonic()
        size = CountySize().scaled(scale) if scale != 1 else CountySize()
        county = build_county(size=size, today=today, seed=seed, stdout=self.stdout)
        build_reference_rows(count=100_000)
        self.stdout.write(
            f"Built in {time.monotonic() - began:.0f} s: "
            + ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in county.counts.items())
        )
        self.stdout.write(
            f"LA id {county.la.pk}; busiest provider id {county.big_provider_id}; school organisation id "
            f"{county.school_org_id}; a pupil {county.pupil_id}; an active placement {county.placement_id}"
        )

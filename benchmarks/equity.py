"""Equity of access's maintained figures for the benchmark county, by the service's own refresh
(`funding.services.equity.school_year_figures_refresh`), as `commitments_refresh` would write
them at the end of its transaction: run after the committed costs are COPYed (benchmarks/money.py)."""

from __future__ import annotations

from funding.services.equity import school_year_figures_refresh


def build_equity_figures(builder) -> None:
    builder.say("Equity of access figures")
    builder.counts["school_year_figures"] = school_year_figures_refresh(local_authority=builder.la, now=builder.now)


__all__ = ["build_equity_figures"]

"""Reads of the funding app that views, CSVs and the Schools Forum pack share. Every figure is
summed in the database.

For the Schools Forum pack (aggregate only, by LA and financial year):
- budget: `hnb_budget`, `hnb_budget_lines`;
- commitments, actuals, forecast outturn and variance, month by month and in total: `hnb_monitor`
  (and `hnb_commitments_by_month`, `hnb_actuals_by_month`);
- cumulative DSG deficit: `dsg_cumulative_deficit` (and `Monitor.projected_deficit`);
- spend by route, provider type and key stage: `hnb_spend_by_route`, `hnb_spend_by_provider_type`,
  `hnb_spend_by_key_stage`;
- unit costs per pupil and per hour: `hnb_unit_costs` (by provider type in
  `hnb_spend_by_provider_type`; several years in one query, for the trend: `hnb_unit_costs_by_year`);
- place funding and place change: `place_funding_summary`, `place_change_rows`;
- recoupment raised and recovered: `recoupment_raised_and_recovered`;
- full cost recovery of the AP service: `cost_recovery`.
"""

from .contributions import (
    CostRecovery,
    contributions_for,
    cost_recovery,
    school_figures_as_of,
    service_costs_of,
    traded_placements,
)
from .equity import SORTABLE, equity_rows, equity_totals
from .hnb import (
    DIMENSIONS,
    Dashboard,
    DashboardHead,
    Monitor,
    MonthFigures,
    SpendRow,
    UnitCosts,
    commitments_as_of,
    dsg_cumulative_deficit,
    hnb_actuals_by_month,
    hnb_budget,
    hnb_budget_lines,
    hnb_commitments_by_month,
    hnb_dashboard_figures,
    hnb_dashboard_figures_direct,
    hnb_dashboard_figures_of,
    hnb_dashboard_head,
    hnb_monitor,
    hnb_monitor_direct,
    hnb_spend_by,
    hnb_spend_by_key_stage,
    hnb_spend_by_provider_type,
    hnb_spend_by_route,
    hnb_unit_costs,
    hnb_unit_costs_by_year,
    hnb_year_totals,
)
from .home import home_panels
from .invoices import invoice_discrepancies, invoice_first_page, invoice_rows, invoiceable_placements, invoices_for
from .places import PlaceFundingSummary, place_change_rows, place_funded_providers, place_funding_summary
from .recoupment import (
    Outstanding,
    RecoupmentYear,
    admitting_amounts,
    exclusion_first_page,
    exclusion_rows,
    exclusions_to_calculate,
    outstanding_by_school,
    outstanding_summary,
    outstanding_total,
    rates_of,
    recoupment_first_page,
    recoupment_history,
    recoupment_raised_and_recovered,
    recoupment_rows,
    recoupments_for,
)
from .topups import PayerTotals, TopUpPage, bands_of, lump_sums_of, top_up_rows, top_up_rows_paged, top_up_totals
from .years import academic_year_choices, chosen_year, financial_year_choices

__all__ = [
    "DIMENSIONS",
    "SORTABLE",
    "CostRecovery",
    "Dashboard",
    "DashboardHead",
    "Monitor",
    "MonthFigures",
    "TopUpPage",
    "PayerTotals",
    "PlaceFundingSummary",
    "RecoupmentYear",
    "SpendRow",
    "UnitCosts",
    "academic_year_choices",
    "bands_of",
    "chosen_year",
    "commitments_as_of",
    "contributions_for",
    "cost_recovery",
    "school_figures_as_of",
    "dsg_cumulative_deficit",
    "equity_rows",
    "equity_totals",
    "admitting_amounts",
    "exclusion_first_page",
    "exclusion_rows",
    "exclusions_to_calculate",
    "financial_year_choices",
    "hnb_actuals_by_month",
    "hnb_budget",
    "hnb_budget_lines",
    "hnb_commitments_by_month",
    "hnb_dashboard_figures",
    "hnb_dashboard_figures_direct",
    "hnb_dashboard_figures_of",
    "hnb_dashboard_head",
    "hnb_monitor",
    "hnb_monitor_direct",
    "hnb_spend_by",
    "hnb_spend_by_key_stage",
    "hnb_spend_by_provider_type",
    "hnb_spend_by_route",
    "hnb_unit_costs",
    "hnb_unit_costs_by_year",
    "hnb_year_totals",
    "home_panels",
    "invoice_discrepancies",
    "invoiceable_placements",
    "invoice_first_page",
    "invoice_rows",
    "invoices_for",
    "lump_sums_of",
    "Outstanding",
    "outstanding_by_school",
    "outstanding_summary",
    "outstanding_total",
    "place_change_rows",
    "place_funded_providers",
    "place_funding_summary",
    "rates_of",
    "recoupment_first_page",
    "recoupment_raised_and_recovered",
    "recoupment_history",
    "recoupment_rows",
    "recoupments_for",
    "service_costs_of",
    "top_up_rows",
    "top_up_rows_paged",
    "top_up_totals",
    "traded_placements",
]

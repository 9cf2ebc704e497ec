"""Every write of the funding app: keyword-only functions that validate, own their transaction and
write their audit entry in it. Only LA finance officers change funding records; providers send
their own invoices."""

from ._common import finance_la_ids, money_problem
from .commitment_summary import commitment_summary_invoice_decided, commitment_summary_refresh
from .commitments import (
    agreed_weekly_cost,
    commitments_refresh,
    commitments_refresh_all,
    place_funding_by_month,
)
from .contributions import contribution_set, service_cost_set
from .hnb import budget_line_set, deficit_set
from .invoices import (
    DECIDABLE,
    INVOICE_CSV_COLUMNS,
    InvoiceDetails,
    agreed_rate,
    invoice_check_again,
    invoice_decide,
    invoice_submit,
    invoices_import,
    may_submit_for,
    payment_terms_set,
    placement_reference,
    terms_for,
)
from .places import commissioned_places_set
from .rates import RATE_CSV_COLUMNS, per_pupil_rate_set, per_pupil_rates_import
from .recoupment import (
    WorkedOut,
    admitting_calculate,
    admitting_work_out,
    basis_problem,
    can_move,
    recoupment_calculate,
    recoupment_notify,
    recoupment_recover,
    recoupment_waive,
    recoupment_work_out,
)
from .topups import banded_top_up_agree, lump_sum_set, top_up_band_set

__all__ = [
    "DECIDABLE",
    "INVOICE_CSV_COLUMNS",
    "RATE_CSV_COLUMNS",
    "InvoiceDetails",
    "WorkedOut",
    "admitting_calculate",
    "admitting_work_out",
    "agreed_rate",
    "agreed_weekly_cost",
    "banded_top_up_agree",
    "basis_problem",
    "budget_line_set",
    "can_move",
    "commissioned_places_set",
    "commitment_summary_invoice_decided",
    "commitment_summary_refresh",
    "commitments_refresh",
    "commitments_refresh_all",
    "contribution_set",
    "deficit_set",
    "finance_la_ids",
    "invoice_check_again",
    "invoice_decide",
    "invoice_submit",
    "invoices_import",
    "lump_sum_set",
    "may_submit_for",
    "money_problem",
    "payment_terms_set",
    "per_pupil_rate_set",
    "per_pupil_rates_import",
    "place_funding_by_month",
    "placement_reference",
    "recoupment_calculate",
    "recoupment_notify",
    "recoupment_recover",
    "recoupment_waive",
    "recoupment_work_out",
    "service_cost_set",
    "terms_for",
    "top_up_band_set",
]

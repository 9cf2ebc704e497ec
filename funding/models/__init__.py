"""Models of the funding app: place funding, top-up bands and lump sums, per-pupil rates and
recoupments, invoices, High Needs Block budget lines and commitments, school contributions."""

from .contributions import SchoolContribution, ServiceCost
from .equity import SchoolEquityFigures, SchoolYearFigures, SchoolYearFiguresRefresh, TopUpRow, TopUpTotals
from .hnb import (
    INVOICED,
    BudgetLine,
    Commitment,
    CommitmentKind,
    CommitmentPupilCount,
    CommitmentRefresh,
    CommitmentSummary,
    DeficitFigure,
    Payer,
)
from .invoices import (
    LIVE_INVOICE_STATUSES,
    DiscrepancyCause,
    Invoice,
    InvoiceDiscrepancy,
    InvoiceSource,
    InvoiceStatus,
    PaymentTerms,
)
from .money import ZERO, money_field
from .places import CommissionedPlaces
from .recoupment import (
    BANDS_BY_KIND,
    OUTSTANDING_STATUSES,
    FundingBasis,
    PerPupilRate,
    RateBand,
    RateKind,
    Recoupment,
    RecoupmentKind,
    RecoupmentStatus,
    RecoupmentStatusChange,
)
from .topups import BandedTopUp, LumpSum, TopUpBand

__all__ = [
    "BANDS_BY_KIND",
    "LIVE_INVOICE_STATUSES",
    "OUTSTANDING_STATUSES",
    "ZERO",
    "BandedTopUp",
    "BudgetLine",
    "CommissionedPlaces",
    "Commitment",
    "CommitmentPupilCount",
    "CommitmentSummary",
    "INVOICED",
    "CommitmentKind",
    "CommitmentRefresh",
    "DeficitFigure",
    "DiscrepancyCause",
    "FundingBasis",
    "Invoice",
    "InvoiceDiscrepancy",
    "InvoiceSource",
    "InvoiceStatus",
    "LumpSum",
    "Payer",
    "PaymentTerms",
    "PerPupilRate",
    "RateBand",
    "RateKind",
    "Recoupment",
    "RecoupmentKind",
    "RecoupmentStatus",
    "RecoupmentStatusChange",
    "SchoolContribution",
    "SchoolEquityFigures",
    "SchoolYearFigures",
    "SchoolYearFiguresRefresh",
    "ServiceCost",
    "TopUpBand",
    "TopUpRow",
    "TopUpTotals",
    "money_field",
]

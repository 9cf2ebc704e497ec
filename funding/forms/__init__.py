"""Forms of the funding app: GOV.UK components through crispy-forms-gds, money as Decimal."""

from .contributions import ContributionForm, ServiceCostForm
from .fields import MoneyField, WholeNumberField, YearField
from .hnb import BudgetLineForm, DeficitForm
from .invoices import InvoiceDecisionForm, InvoiceFilterForm, InvoiceForm, InvoiceUploadForm, PaymentTermsForm
from .places import CommissionedPlacesForm
from .recoupment import (
    AdmittingForm,
    NotifyForm,
    PerPupilRateForm,
    RecoupmentFilterForm,
    RecoupmentForm,
    RecoverForm,
    WaiveForm,
)
from .topups import BandedTopUpForm, LumpSumForm, TopUpBandForm, TopUpFilterForm
from .uploads import CsvUploadForm
from .years import YearFilterForm

__all__ = [
    "AdmittingForm",
    "BandedTopUpForm",
    "BudgetLineForm",
    "CommissionedPlacesForm",
    "ContributionForm",
    "CsvUploadForm",
    "DeficitForm",
    "InvoiceDecisionForm",
    "InvoiceFilterForm",
    "InvoiceForm",
    "InvoiceUploadForm",
    "LumpSumForm",
    "MoneyField",
    "NotifyForm",
    "PaymentTermsForm",
    "PerPupilRateForm",
    "RecoupmentFilterForm",
    "RecoupmentForm",
    "RecoverForm",
    "ServiceCostForm",
    "TopUpBandForm",
    "TopUpFilterForm",
    "WaiveForm",
    "WholeNumberField",
    "YearField",
    "YearFilterForm",
]

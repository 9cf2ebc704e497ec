"""Forms of the provider register, rendered as GOV.UK components (crispy-forms-gds), with
GOV.UK error messages. Forms only parse input; the services apply the rules."""

from .qa import ChecklistItemForm, ModerateForm, QAReviewForm
from .records import ConcernForm, ConcernUpdateForm, DocumentForm, FeedbackForm
from .register import (
    CapacityForm,
    ContactForm,
    DecisionForm,
    OfferForm,
    PriceForm,
    ProviderForm,
    SiteForm,
    StatusForm,
)

__all__ = [
    "CapacityForm",
    "ChecklistItemForm",
    "ConcernForm",
    "ConcernUpdateForm",
    "ContactForm",
    "DecisionForm",
    "DocumentForm",
    "FeedbackForm",
    "ModerateForm",
    "OfferForm",
    "PriceForm",
    "ProviderForm",
    "QAReviewForm",
    "SiteForm",
    "StatusForm",
]

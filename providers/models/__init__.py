"""Models of the provider register, QA, documents, concerns, feedback and change requests."""

from .changes import ChangeRequest
from .documents import ComplianceDocument
from .feedback import Concern, Feedback
from .figures import ProviderSummary, RegisterFigures, RegistrationCount
from .qa import QAChecklistItem, QAEvidence, QAItemResult, QAReview
from .register import (
    BOOKABLE_STATUSES,
    COMPANY_NUMBER_VALIDATOR,
    NON_SCHOOL_TYPES,
    UKPRN_VALIDATOR,
    ApprovalChange,
    ApprovalStatus,
    Contact,
    OfstedJudgement,
    Price,
    PriceUnit,
    Provider,
    ProviderType,
    RegistrationStatus,
    Site,
    SiteCapacity,
    SiteNeed,
)

__all__ = [
    "BOOKABLE_STATUSES",
    "COMPANY_NUMBER_VALIDATOR",
    "NON_SCHOOL_TYPES",
    "UKPRN_VALIDATOR",
    "ApprovalChange",
    "ApprovalStatus",
    "ChangeRequest",
    "ComplianceDocument",
    "Concern",
    "Contact",
    "Feedback",
    "OfstedJudgement",
    "Price",
    "PriceUnit",
    "Provider",
    "ProviderSummary",
    "ProviderType",
    "QAChecklistItem",
    "QAEvidence",
    "QAItemResult",
    "QAReview",
    "RegisterFigures",
    "RegistrationCount",
    "RegistrationStatus",
    "Site",
    "SiteCapacity",
    "SiteNeed",
]

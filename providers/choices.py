"""Choices and constants of the provider register, shared by models, querysets and services
(kept apart from models so that querysets can import them without a cycle)."""

from __future__ import annotations

from django.db import models


class ProviderType(models.TextChoices):
    PRU = "pru", "Pupil referral unit"
    AP_ACADEMY = "ap_academy", "AP academy"
    AP_FREE_SCHOOL = "ap_free_school", "AP free school"
    SPECIAL = "special", "Special school"
    INDEPENDENT_SCHOOL = "independent", "Independent school"
    FE_COLLEGE = "fe_college", "Further education college"
    REGISTERED_INDEPENDENT_AP = "registered_ap", "Registered independent AP"
    NON_SCHOOL_AP = "non_school_ap", "Non-school (unregistered) AP"
    HOSPITAL = "hospital", "Hospital or medical education service"
    LA_TUITION = "la_tuition", "LA tuition service"
    ONLINE = "online", "Online provider"


#: Types that could need registering as an independent school: the registration test (5 full-time,
#: or 1 with an EHCP or looked after) applies to them only. Not to schools of any kind (PRUs, AP
#: academies and free schools, special, registered independent schools and registered AP), FE
#: colleges, or services the LA itself maintains (its tuition service, hospital education).
NON_SCHOOL_TYPES = frozenset({ProviderType.NON_SCHOOL_AP, ProviderType.ONLINE})


#: The register's filter on today's registration test (the officer's home page links to it).
MUST_REGISTER = "must_register"


class ApprovalStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    UNDER_REVIEW = "under_review", "Under review"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_conditions", "Approved with conditions"
    SUSPENDED = "suspended", "Suspended"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


BOOKABLE_STATUSES = frozenset({ApprovalStatus.APPROVED, ApprovalStatus.APPROVED_WITH_CONDITIONS})


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered school"
    NOT_REQUIRED = "not_required", "Registration not required"
    MUST_REGISTER = "must_register", "Must register as an independent school"


class OfstedJudgement(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_INSPECTED = "not_inspected", "Not inspected"


class PriceUnit(models.TextChoices):
    HOUR = "hour", "per hour"
    SESSION = "session", "per session"
    DAY = "day", "per day"
    WEEK = "week", "per week"
    PLACE_YEAR = "place_year", "per place per year"


class QAGroup(models.TextChoices):
    """DfE's voluntary national standards for non-school AP (Aug 2025) group checks this way."""

    SAFEGUARDING = "safeguarding", "Safeguarding and welfare"
    HEALTH_SAFETY = "health_safety", "Health and safety"
    ADMISSIONS = "admissions", "Admissions and support"
    EDUCATION = "education", "Quality of education"
    CONTRACT = "contract", "Contract and governance"


class QAResult(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "na", "Not applicable"


class QAOutcome(models.TextChoices):
    APPROVE = "approve", "Meets the standard: approve"
    APPROVE_WITH_CONDITIONS = "approve_conditions", "Approve with conditions"
    NOT_APPROVED = "not_approved", "Does not meet the standard"


#: Outcomes of a moderated QA review that allow the provider to be approved.
APPROVING_OUTCOMES = frozenset({QAOutcome.APPROVE, QAOutcome.APPROVE_WITH_CONDITIONS})


class DocumentKind(models.TextChoices):
    INSURANCE = "insurance", "Insurance certificate"
    SAFEGUARDING_LETTER = "safeguarding_letter", "Safeguarding confirmation letter"
    DBS_CONFIRMATION = "dbs", "DBS confirmation"
    HEALTH_SAFETY_AUDIT = "hs_audit", "Health and safety audit"
    SIGNED_CONTRACT = "contract", "Signed contract (terms and conditions)"
    OTHER = "other", "Other"


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    INVESTIGATING = "investigating", "Being investigated"
    CLOSED = "closed", "Closed"


class Term(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


class FeedbackRating(models.IntegerChoices):
    VERY_POOR = 1, "Very poor"
    POOR = 2, "Poor"
    ADEQUATE = 3, "Adequate"
    GOOD = 4, "Good"
    VERY_GOOD = 5, "Very good"


class ChangeKind(models.TextChoices):
    PRICE = "price", "New price"
    CAPACITY = "capacity", "Change of places"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the LA"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"

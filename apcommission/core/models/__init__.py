"""Models of the core: users, organisations and memberships, school calendars, the audit log and
the worker's heartbeat."""

from .audit import AuditAction, AuditEvent
from .base import LA_CODE_VALIDATOR, URN_VALIDATOR, TimeStampedModel
from .calendars import ClosureDay, TermDate, TermKind
from .education import KeyStage, Need
from .feedback import Satisfaction, ServiceFeedback
from .health import WorkerHeartbeat
from .invitations import Invitation, token_digest
from .organisations import (
    ROLE_ORGANISATION_KIND,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    School,
    SchoolPhase,
    SchoolType,
)
from .submissions import FormSubmission
from .users import User, UserManager

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ClosureDay",
    "FormSubmission",
    "Invitation",
    "KeyStage",
    "LA_CODE_VALIDATOR",
    "Membership",
    "Need",
    "Organisation",
    "OrganisationKind",
    "ROLE_ORGANISATION_KIND",
    "Role",
    "Satisfaction",
    "School",
    "SchoolPhase",
    "SchoolType",
    "ServiceFeedback",
    "TermDate",
    "TermKind",
    "TimeStampedModel",
    "URN_VALIDATOR",
    "User",
    "UserManager",
    "WorkerHeartbeat",
    "token_digest",
]

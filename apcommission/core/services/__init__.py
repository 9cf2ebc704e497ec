"""Writes to the core: people, memberships, schools and their calendars, invitations, sign-in and
two-factor devices. Each service validates with `full_clean()`, owns its transaction and writes its
audit entry in it; the ensure/set services are idempotent on their natural key, so the demo seed
(and an import) can run them again without making duplicates."""

from .accounts import membership_grant, user_ensure
from .calendars import closure_day_set, term_date_set
from .feedback import feedback_send
from .invitations import (
    InvitationResult,
    invitation_accept,
    invitation_for_token,
    invitation_resend,
    invitation_send,
)
from .organisations import local_authority_ensure, school_ensure
from .sessions import sessions_end_everywhere
from .sign_in import pending_next, pending_user, safe_next, sign_in_begin, sign_in_finish
from .submissions import create_once
from .two_factor import (
    authenticator_confirm,
    authenticator_for,
    authenticator_start,
    has_second_factor,
    pending_authenticator,
    recovery_codes_left,
    recovery_codes_renew,
    second_factor_check,
    second_factor_reset,
)
from .user_management import (
    account_unlock,
    membership_add,
    membership_change_role,
    membership_remove,
    user_deactivate,
    user_reactivate,
)

__all__ = [
    "create_once",
    "feedback_send",
    "InvitationResult",
    "account_unlock",
    "authenticator_confirm",
    "authenticator_for",
    "authenticator_start",
    "closure_day_set",
    "has_second_factor",
    "invitation_accept",
    "invitation_for_token",
    "invitation_resend",
    "invitation_send",
    "local_authority_ensure",
    "membership_add",
    "membership_change_role",
    "membership_grant",
    "membership_remove",
    "pending_authenticator",
    "pending_next",
    "pending_user",
    "recovery_codes_left",
    "recovery_codes_renew",
    "safe_next",
    "school_ensure",
    "second_factor_check",
    "second_factor_reset",
    "sessions_end_everywhere",
    "sign_in_begin",
    "sign_in_finish",
    "term_date_set",
    "user_deactivate",
    "user_ensure",
    "user_reactivate",
]

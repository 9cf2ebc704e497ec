"""Writes to the core: people, memberships, schools and their calendars. Each service validates with
`full_clean()`, owns its transaction and writes its audit entry in it; each is idempotent on its
natural key, so the demo seed (and an import) can run it again without making duplicates."""

from .accounts import membership_grant, user_ensure
from .calendars import closure_day_set, term_date_set
from .organisations import local_authority_ensure, school_ensure

__all__ = [
    "closure_day_set",
    "local_authority_ensure",
    "membership_grant",
    "school_ensure",
    "term_date_set",
    "user_ensure",
]

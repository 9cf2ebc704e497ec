"""How a person is authenticated: e-mail address and password, and never a demo account outside
the quick start. django-axes' backend sits before this one in AUTHENTICATION_BACKENDS and refuses
locked-out accounts and addresses first."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .demo import is_demo_account
from .scoping import read_for_request


class EmailBackend(ModelBackend):
    """Django's ModelBackend (e-mail is the user name), refusing what must never sign in.

    A demo account has a published password. If a production database was ever seeded, the
    accounts must still not work: they are refused here, at authentication, and by `get_user`, so
    a session made before the switch ends too (README: DEMO_LOGINS_ENABLED is off with DEBUG off).
    """

    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return getattr(settings, "DEMO_LOGINS_ENABLED", False) or not is_demo_account(user.email)

    def get_user(self, user_id):
        """The signed-in user, read for this request (so their scope may come from the process's
        cache: core.scoping)."""
        user = super().get_user(user_id)
        if user is not None:
            read_for_request(user)
        return user

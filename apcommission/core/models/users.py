"""People who sign in: an e-mail address is the user name."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac


def new_scope_version() -> int:
    """A fresh value for `User.scope_version`: random rather than counted, so that it differs from
    every value the same user id had before, even after a restored backup or a rolled-back
    transaction gave the id out again (a counter would start from 0 again)."""
    return secrets.randbits(62)


def scope_versions_change(user_ids: Iterable[int | None] | models.QuerySet) -> None:
    """Give these users (ids, or a query of ids) a new `scope_version`: their memberships, or an
    organisation they belong to, changed. Called in the transaction that made the change
    (organisations.py)."""
    if not isinstance(user_ids, models.QuerySet):
        user_ids = {pk for pk in user_ids if pk is not None}
        if not user_ids:
            return
    User.objects.filter(pk__in=user_ids).update(scope_version=new_scope_version())


class UserQuerySet(models.QuerySet):
    """Writes that skip `save` still make every kept user row out of date (core.signed_in)."""

    def update(self, **kwargs):
        changed = super().update(**kwargs)
        _users_changed(self.db)
        return changed

    def bulk_update(self, objs, fields, batch_size=None):
        changed = super().bulk_update(objs, fields, batch_size=batch_size)
        _users_changed(self.db)
        return changed


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_queryset(self):
        return UserQuerySet(self.model, using=self._db)

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address. What they may see comes from memberships."""

    email = models.EmailField("Email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    session_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised to end every session of this user at once."
    )
    #: Changes whenever the user's memberships, or the organisations they belong to, change
    #: (Membership's and Organisation's signals and query sets, organisations.py). The user's row
    #: is read on every request, so a scope kept by this value (core.scoping) is never out of date.
    scope_version = models.BigIntegerField(
        default=new_scope_version, editable=False, help_text="Changes whenever this user's memberships change."
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _get_session_auth_hash(self, secret=None) -> str:
        """Django checks this hash on every request; it changes with the password (Django's own
        rule) and with `session_version`, so raising the version signs the user out everywhere."""
        if secret is None and "password" not in self.__dict__ and hasattr(self, "_kept_session_auth_hash"):
            # A row kept beside the session (core.signed_in): the hash was made from its password.
            return self._kept_session_auth_hash
        key_salt = "apcommission.core.models.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_version}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


def _users_changed(using: str | None) -> None:
    from apcommission.core.signed_in import generations_change

    generations_change(using=using)


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def _user_row_changed(sender, instance, using, **kwargs) -> None:
    _users_changed(using)

"""Inviting people: an account for an e-mail address, a role at an organisation, and a link that
sets a password once before it expires (INVITATION_VALID_DAYS)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..audit import audit_record
from ..models import AuditAction, Invitation, Membership, Organisation, User, token_digest
from ..selectors.user_management import Grant, may_grant
from .accounts import membership_grant, user_ensure

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InvitationResult:
    user: User
    membership: Membership
    #: None when the person already had an account: they were told of their new role instead.
    invitation: Invitation | None


@transaction.atomic
def invitation_send(
    *,
    by: User,
    email: str,
    full_name: str,
    organisation: Organisation,
    grant: Grant,
    submission_token: uuid.UUID | None = None,
    request=None,
) -> InvitationResult:
    """Invite `email` to `grant` at `organisation`, as `by` (who must be allowed to give it).

    A person who already has an account gets the role and an e-mail saying so; their name is not
    changed. A double submit (same `submission_token`) sends nothing twice."""
    if not may_grant(by, organisation=organisation, grant=grant):
        raise PermissionDenied("You cannot give this role at this organisation")
    if submission_token and (done := Invitation.objects.filter(submission_token=submission_token).first()):
        membership = Membership.objects.get(user=done.user, organisation=done.organisation, role=done.role)
        return InvitationResult(user=done.user, membership=membership, invitation=done)
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    if user is not None and not user.is_active:
        raise ValidationError({"email": "This person's account is switched off. Switch it back on from their page"})
    if user is None:
        user = user_ensure(email=email, full_name=full_name, by=by)
    membership = membership_grant(user=user, organisation=organisation, role=grant.role, is_head=grant.is_head, by=by)
    if user.has_usable_password():
        _send_new_role_email(user=user, membership=membership)
        return InvitationResult(user=user, membership=membership, invitation=None)
    invitation = _invite(
        user=user, organisation=organisation, grant=grant, by=by, token=submission_token, request=request
    )
    return InvitationResult(user=user, membership=membership, invitation=invitation)


@transaction.atomic
def invitation_resend(*, by: User, user: User, request=None) -> Invitation:
    """A new link for someone who has not accepted yet (the old link stops working)."""
    last = Invitation.objects.filter(user=user).select_related("organisation").first()
    if last is None or user.has_usable_password():
        raise ValidationError("This person has already set their password")
    grant = Grant(last.role, last.is_head)
    if not may_grant(by, organisation=last.organisation, grant=grant):
        raise PermissionDenied("You cannot invite people to this organisation")
    return _invite(user=user, organisation=last.organisation, grant=grant, by=by, token=None, request=request)


def _invite(*, user, organisation, grant: Grant, by, token, request) -> Invitation:
    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=now)
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        organisation=organisation,
        role=grant.role,
        is_head=grant.is_head,
        invited_by=by,
        token_digest=token_digest(secret),
        expires_at=now + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
        submission_token=token or uuid.uuid4(),
    )
    audit_record(
        user=by,
        action=AuditAction.INVITED,
        obj=user,
        request=request,
        description=user.email,
        changes={"role": [None, grant.label], "organisation": [None, organisation.name]},
    )
    link = _base_url() + reverse("core:invitation", kwargs={"token": secret})
    transaction.on_commit(lambda: _send_invitation_email(invitation=invitation, link=link))
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation this link's token belongs to, or None (unknown, used, replaced or expired)."""
    invitation = (
        Invitation.objects.select_related("user", "organisation").filter(token_digest=token_digest(token)).first()
    )
    if invitation is None or not invitation.is_open or not invitation.user.is_active:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, request=None) -> User:
    """Set the invitee's password (already validated by the form) and close the invitation."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError("This invitation link has already been used or has expired")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(user=user, action=AuditAction.INVITATION_ACCEPTED, obj=user, request=request)
    return user


def _send_invitation_email(*, invitation: Invitation, link: str) -> None:
    context = {
        "invitation": invitation,
        "link": link,
        "role": Grant(invitation.role, invitation.is_head).label,
        "valid_days": settings.INVITATION_VALID_DAYS,
        "service_name": settings.SERVICE_NAME,
    }
    send_mail(
        subject=f"You've been invited to {settings.SERVICE_NAME}",
        message=render_to_string("core/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.user.email],
    )


def _send_new_role_email(*, user: User, membership: Membership) -> None:
    context = {"user": user, "membership": membership, "link": _base_url() + reverse("core:sign-in")}
    context["service_name"] = settings.SERVICE_NAME
    transaction.on_commit(
        lambda: send_mail(
            subject=f"You have a new role in {settings.SERVICE_NAME}",
            message=render_to_string("core/email/new_role.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    )


def _base_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")

"""A signed-in person's own account: password, two-factor sign-in, recovery codes, and signing
out everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import services
from ..audit import audit_record
from ..forms import ChangePasswordForm
from ..models import AuditAction
from ..sessions import second_factor_required
from .sign_in import AFTER_CODES_KEY, RECOVERY_CODES_KEY


@login_required
def account(request):
    user = request.user
    context = {
        "has_authenticator": services.has_second_factor(user),
        "required": second_factor_required(user),
        "recovery_codes_left": services.recovery_codes_left(user),
    }
    return render(request, "core/account.html", context)


@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def change_password(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Other sessions end (the password is part of the session hash); this one carries on.
        update_session_auth_hash(request, user)
        audit_record(user=user, action=AuditAction.PASSWORD_CHANGED, obj=user, request=request)
        messages.success(request, "Your password has been changed. You have been signed out everywhere else")
        return redirect("core:account")
    return render(request, "core/change_password.html", {"form": form})


@login_required
@never_cache
def recovery_codes(request):
    """Shows new recovery codes once (just after they were made); POST makes new ones."""
    if request.method == "POST":
        request.session[RECOVERY_CODES_KEY] = services.recovery_codes_renew(user=request.user, request=request)
        request.session[AFTER_CODES_KEY] = reverse("core:account")
        return redirect("core:recovery-codes")
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        return render(request, "core/recovery_codes_renew.html", {"left": services.recovery_codes_left(request.user)})
    after = request.session.pop(AFTER_CODES_KEY, None) or reverse("core:home")
    return render(request, "core/recovery_codes.html", {"codes": codes, "after": services.safe_next(request, after)})


@login_required
def sign_out_everywhere(request):
    """Ends every session of this account, on every device, this one too."""
    if request.method != "POST":
        return render(request, "core/sign_out_everywhere.html")
    user = request.user
    services.sessions_end_everywhere(user=user)
    audit_record(user=user, action=AuditAction.SIGNED_OUT_EVERYWHERE, obj=user, request=request)
    request.apc_sign_out_recorded = True
    logout(request)
    messages.success(request, "You have been signed out on every device")
    return redirect("core:sign-in")

"""Signing in (password, then a second factor where one is due), signing out, the lockout page,
password reset by e-mail, accepting an invitation, and the session's timeout warning."""

from __future__ import annotations

import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login

from .. import services
from ..audit import audit_record
from ..demo import demo_logins
from ..forms import AuthenticatorCodeForm, ChoosePasswordForm, CodeForm, ResetRequestForm, SignInForm
from ..models import AuditAction
from ..sessions import LAST_ACTIVITY, second_factor_required, seconds_left
from ..sign_in_throttle import unlock

RECOVERY_CODES_KEY = "apc_recovery_codes"
AFTER_CODES_KEY = "apc_after_recovery_codes"


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "demo_logins": demo_logins()}

    def form_valid(self, form):
        """The password was right: sign in, or go on to the second factor."""
        return redirect(services.sign_in_begin(self.request, user=form.get_user(), next_url=self.get_redirect_url()))


class SignOutView(auth_views.LogoutView):
    template_name = "core/signed_out.html"


def _pending_or_restart(request):
    user = services.pending_user(request)
    if user is None:
        messages.info(request, "Sign in again: it took too long, or you had not entered your password")
    return user


@never_cache
@sensitive_post_parameters("code")
def sign_in_code(request):
    """The second step: a code from the authenticator app, or a recovery code."""
    user = _pending_or_restart(request)
    if user is None:
        return redirect("core:sign-in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_check(user=user, code=form.cleaned_data["code"], request=request)
        if check.locked:
            return locked_out(request)
        if check.ok:
            next_url = services.pending_next(request)
            services.sign_in_finish(request, user=user, device=check.device)
            return redirect(next_url)
        form.add_error(
            "code",
            "You have entered too many wrong codes. Wait a minute, then enter a new code"
            if check.wait
            else "The code is not right. Enter the code your authenticator app shows now, or a recovery code",
        )
    return render(request, "core/sign_in_code.html", {"form": form})


@never_cache
@sensitive_post_parameters("code")
def set_up_authenticator(request):
    """Set up an authenticator app: while signing in (someone who must and has none) or from
    their account page (to add one, or to replace a lost or changed phone)."""
    signed_in = request.user.is_authenticated
    user = request.user if signed_in else _pending_or_restart(request)
    if user is None:
        return redirect("core:sign-in")
    device = services.pending_authenticator(user) if request.method == "POST" else None
    if device is None:
        device = services.authenticator_start(user=user)
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.authenticator_confirm(
            user=user, device=device, code=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            next_url = reverse("core:account") if signed_in else services.pending_next(request)
            if signed_in:
                otp_login(request, device)
            else:
                services.sign_in_finish(request, user=user, device=device)
            request.session[RECOVERY_CODES_KEY] = codes
            request.session[AFTER_CODES_KEY] = next_url
            return redirect("core:recovery-codes")
        form.add_error("code", "The code is not right. Enter the 6-digit code the app shows now")
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#0b0c0c", title="QR code"),
        "secret": _grouped(device.config_url.split("secret=")[1].split("&")[0]),
        "signing_in": not signed_in,
        "required": second_factor_required(user),
    }
    return render(request, "core/set_up_authenticator.html", context)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: what happened and what to do (GOV.UK tone)."""
    context = {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return TemplateResponse(request, "core/locked_out.html", context, status=429).render()


@require_GET
def signed_out(request):
    """Where the server sends someone whose session ended (inactivity or the absolute limit)."""
    reason = request.GET.get("reason")
    context = {
        "reason": reason if reason in {"inactive", "limit"} else "",
        "idle_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
        "limit_hours": settings.SESSION_ABSOLUTE_LIMIT_HOURS,
    }
    return render(request, "core/session_ended.html", context)


@never_cache
@require_GET
def session_status(request):
    """For the timeout warning: seconds left. Asking does not count as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0})
    return JsonResponse({"signed_in": True, "seconds_left": seconds_left(request.session)})


@login_required
@require_POST
def session_extend(request):
    """'Stay signed in': the request itself counts as activity (SessionSecurityMiddleware)."""
    request.session[LAST_ACTIVITY] = time.time()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"signed_in": True, "seconds_left": seconds_left(request.session)})
    return redirect(services.safe_next(request, request.POST.get("next")))


# -- password reset (Django's views and token generator: single use, expires) --------------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("core:password-reset-sent")
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"

    def form_valid(self, form):
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        audit_record(
            user=None,
            action=AuditAction.PASSWORD_RESET_SENT,
            request=self.request,
            description=form.cleaned_data["email"].lower(),
        )
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    form_class = ChoosePasswordForm
    success_url = reverse_lazy("core:password-reset-complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        # A reset is also a "sign out everywhere" (Django's own session hash changed with the
        # password) and forgives the account's failed sign-ins.
        services.sessions_end_everywhere(user=form.user)
        unlock(form.user.email)
        audit_record(user=form.user, action=AuditAction.PASSWORD_RESET, obj=form.user, request=self.request)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"


# -- invitations ---------------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request, token: str):
    """The link in an invitation e-mail: choose a password, then (if due) set up two-factor sign-in."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "core/invitation_invalid.html", status=404)
    if request.user.is_authenticated and request.user.pk != invitation.user_id:
        logout(request)
    form = ChoosePasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.invitation_accept(
            invitation=invitation, password=form.cleaned_data["new_password1"], request=request
        )
        user.backend = "apcommission.core.backends.EmailBackend"
        messages.success(request, "Your password is set")
        return redirect(services.sign_in_begin(request, user=user, next_url=None))
    return render(request, "core/invitation_accept.html", {"form": form, "invitation": invitation})

"""Managing accounts (GOV.UK pages, not the Django admin): the users list, inviting, roles,
switching accounts off and on, resetting a lost authenticator and unlocking. Each page asks the
one rule in selectors.user_management; people outside the signed-in user's scope are 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .. import selectors, services
from ..forms import AddRoleForm, ChangeRoleForm, InviteForm, UsersFilterForm
from ..models import Membership
from ..permissions import rule_required
from ..sign_in_throttle import is_locked_out, locked_out_emails

PAGE_SIZE = 50


#: Signed in, and managing someone's account (administrators, LA officers, heads); else 403.
manages_users = rule_required(selectors.may_manage_users)


def _person(request, pk: int):
    person = selectors.users_visible_to(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404("Page not found")
    return person


def _membership(request, person, membership_pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=membership_pk, user=person)
    if not selectors.may_manage_membership(request.user, membership):
        raise Http404("Page not found")
    return membership


@manages_users
def user_list(request):
    form = UsersFilterForm(request.GET or None, actor=request.user)
    people = selectors.users_list(request.user, **form.filters())
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    locked = locked_out_emails([person.email for person in page])
    context = {"form": form, "page": page, "locked": locked}
    return render(request, "core/users/list.html", context)


@manages_users
def user_invite(request):
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.invitation_send(
                by=request.user,
                email=data["email"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                grant=data["grant"],
                submission_token=data["submission_token"],
                request=request,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            if result.invitation is None:
                messages.success(request, f"{result.user} already had an account. They now have this role too")
            else:
                messages.success(request, f"Invitation sent to {result.user.email}")
            return redirect("core:user-detail", pk=result.user.pk)
    return render(request, "core/users/invite.html", {"form": form})


@manages_users
def user_detail(request, pk: int):
    person = _person(request, pk)
    actor = request.user
    memberships = [
        (membership, selectors.may_manage_membership(actor, membership))
        for membership in person.memberships.select_related("organisation").order_by("-is_active", "organisation__name")
    ]
    context = {
        "person": person,
        "memberships": memberships,
        "may_manage": selectors.may_manage_user(actor, person),
        "may_reset": selectors.may_reset_security(actor, person),
        "has_authenticator": services.has_second_factor(person),
        "locked": is_locked_out(person.email),
        "invited": not person.has_usable_password(),
        "invitation": person.invitations.first(),
    }
    return render(request, "core/users/detail.html", context)


@manages_users
def role_add(request, pk: int):
    person = _person(request, pk)
    form = AddRoleForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        membership = services.create_once(
            form.token,
            request.user,
            services.membership_add,
            by=request.user,
            user=person,
            organisation=form.cleaned_data["organisation"],
            grant=form.cleaned_data["grant"],
            request=request,
        )
        messages.success(request, f"{person} is now {membership.role_label} at {membership.organisation}")
        return redirect("core:user-detail", pk=person.pk)
    return render(request, "core/users/role_add.html", {"form": form, "person": person})


@manages_users
def role_change(request, pk: int, membership_pk: int):
    person = _person(request, pk)
    membership = _membership(request, person, membership_pk)
    form = ChangeRoleForm(request.POST or None, actor=request.user, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                by=request.user, membership=membership, grant=form.cleaned_data["role"], request=request
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"{person} is now {membership.role_label} at {membership.organisation}")
            return redirect("core:user-detail", pk=person.pk)
    return render(request, "core/users/role_change.html", {"form": form, "person": person, "membership": membership})


@manages_users
def role_remove(request, pk: int, membership_pk: int):
    person = _person(request, pk)
    membership = _membership(request, person, membership_pk)
    if request.method == "POST":
        services.membership_remove(by=request.user, membership=membership, request=request)
        messages.success(request, f"{person} is no longer {membership.role_label} at {membership.organisation}")
        return redirect("core:user-detail", pk=person.pk)
    return render(request, "core/users/confirm.html", _confirm_context("role-remove", person, membership=membership))


def _account_action(service, *, allowed, template_key: str, done: str):
    """A confirmation page (GET) and the action (POST) on someone's whole account."""

    @manages_users
    def view(request, pk: int):
        person = _person(request, pk)
        if not allowed(request.user, person):
            raise PermissionDenied("You cannot do this for this account")
        if request.method == "POST":
            try:
                service(by=request.user, user=person, request=request)
            except ValidationError as error:
                messages.info(request, " ".join(error.messages))
            else:
                messages.success(request, done.format(person=person))
            return redirect("core:user-detail", pk=person.pk)
        return render(request, "core/users/confirm.html", _confirm_context(template_key, person))

    return view


CONFIRMATIONS = {
    "role-remove": ("Remove this role?", "They will no longer see what this role shows.", "Remove role", True),
    "deactivate": (
        "Switch this account off?",
        "They will be signed out at once and will not be able to sign in. You can switch the account back on later.",
        "Switch account off",
        True,
    ),
    "reactivate": ("Switch this account back on?", "They will be able to sign in again.", "Switch account on", False),
    "two-factor-reset": (
        "Reset two-factor sign-in?",
        "Do this only when you have checked who is asking, for example by calling them back on a number you "
        "already hold. Their authenticator app and recovery codes stop working, they are signed out, and they "
        "set up a new authenticator app the next time they sign in.",
        "Reset two-factor sign-in",
        True,
    ),
    "resend": (
        "Send a new invitation?",
        "We will email them a new link to choose a password. The earlier link will stop working.",
        "Send new invitation",
        False,
    ),
    "unlock": (
        "Unlock this account?",
        "Their failed sign-ins are forgotten and they can try again now.",
        "Unlock account",
        False,
    ),
}


def _confirm_context(key: str, person, **extra) -> dict:
    heading, body, button, warning = CONFIRMATIONS[key]
    return {"person": person, "heading": heading, "body": body, "button": button, "warning": warning, **extra}


user_deactivate = _account_action(
    services.user_deactivate,
    allowed=selectors.may_manage_user,
    template_key="deactivate",
    done="{person}'s account is switched off. They have been signed out",
)
user_reactivate = _account_action(
    services.user_reactivate,
    allowed=selectors.may_manage_user,
    template_key="reactivate",
    done="{person}'s account is switched on again",
)
two_factor_reset = _account_action(
    services.second_factor_reset,
    allowed=selectors.may_reset_security,
    template_key="two-factor-reset",
    done="Two-factor sign-in reset for {person}. They will set up a new authenticator app when they next sign in",
)
user_unlock = _account_action(
    services.account_unlock,
    allowed=selectors.may_reset_security,
    template_key="unlock",
    done="{person}'s account is unlocked",
)


invitation_resend = _account_action(
    services.invitation_resend,
    allowed=selectors.may_manage_user,
    template_key="resend",
    done="A new invitation has been sent to {person.email}. The earlier link no longer works",
)

"""Managing accounts: invitations (a link that sets a password once and expires), and the one rule
of scope: nobody invites, changes or removes a role beyond their own scope, in either direction."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apcommission.core.models import AuditAction, AuditEvent, Invitation, Membership, Role
from apcommission.core.selectors import Grant, may_grant, users_visible_to
from apcommission.core.services import invitation_send, membership_change_role
from tests.core.two_factor import code_for
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.providers.factories import ProviderFactory

NEW_PASSWORD = "a-brand-new-long-passphrase"


@pytest.fixture
def head_school_a(school_a):
    head = UserFactory(full_name="Hattie Head")
    MembershipFactory(user=head, organisation=school_a.organisation, role=Role.SCHOOL_USER, is_head=True)
    return head


@pytest.fixture
def other_la_school(db):
    other = LocalAuthorityFactory(name="Mercia Council")
    return SchoolFactory(organisation__name="Mercia Academy", organisation__local_authority=other)


def invite(client, organisation, role, email="new.person@example.org", **extra):
    data = {
        "full_name": "New Person",
        "email": email,
        "organisation": organisation.pk,
        "role": role,
        "submission_token": "6f1c2b9e-1111-4a4a-9b9b-000000000001",
        **extra,
    }
    return client.post(reverse("core:user-invite"), data)


def invitation_link(message) -> str:
    return re.search(r"https?://\S+(/invitation/\S+/)", message.body).group(1)


# -- invitations ---------------------------------------------------------------------------------


def test_an_administrator_invites_an_officer_who_accepts_and_sets_up_two_factor(
    client, administrator, la, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, la, Role.LA_OFFICER)
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.person@example.org")
    assert membership.role == Role.LA_OFFICER and membership.organisation == la
    assert AuditEvent.objects.filter(action=AuditAction.INVITED, user=administrator, local_authority=la).exists()
    assert len(mail.outbox) == 1
    link = invitation_link(mail.outbox[0])
    invitee = type(client)()
    assert b"Choose your password" in invitee.get(link).content
    response = invitee.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("core:sign-in-set-up"), "an officer must set up two-factor sign-in"
    invitee.get(response.url)
    device = membership.user.totpdevice_set.get()
    response = invitee.post(response.url, {"code": code_for(device)})
    assert response.url == reverse("core:recovery-codes")
    assert invitee.get(reverse("core:account")).status_code == 200
    assert b"does not work" in type(client)().get(link).content, "the link works once"


def test_an_invitation_expires(client, administrator, la, settings, django_capture_on_commit_callbacks):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, la, Role.LA_FINANCE)
    Invitation.objects.update(expires_at="2020-01-01T00:00Z")
    response = type(client)().get(invitation_link(mail.outbox[0]))
    assert response.status_code == 404 and b"This invitation link does not work" in response.content


def test_a_new_invitation_replaces_the_old_link(client, administrator, la, django_capture_on_commit_callbacks):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, la, Role.LA_FINANCE)
        person = Membership.objects.get(role=Role.LA_FINANCE, user__email="new.person@example.org").user
        client.post(reverse("core:invitation-resend", args=[person.pk]))
    first, second = (invitation_link(m) for m in mail.outbox)
    assert type(client)().get(first).status_code == 404
    assert type(client)().get(second).status_code == 200


def test_a_double_submitted_invitation_sends_one(client, administrator, la, django_capture_on_commit_callbacks):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, la, Role.LA_FINANCE)
        invite(client, la, Role.LA_FINANCE)
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_inviting_someone_with_an_account_gives_them_the_role(
    client, administrator, la, senco_school_a, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, la, Role.FORUM_MEMBER, email=senco_school_a.email, full_name="Someone Else")
    senco_school_a.refresh_from_db()
    assert senco_school_a.full_name == "Sally Senco", "an inviter does not rename an existing account"
    assert senco_school_a.memberships.filter(role=Role.FORUM_MEMBER).exists()
    assert not Invitation.objects.exists() and "new role" in mail.outbox[0].subject


def test_bad_input_gets_errors_not_a_crash(client, administrator, other_la_school):
    client.force_login(administrator)
    response = invite(client, other_la_school.organisation, "not-a-role", email="not an email")
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter an email address in the correct format" in body
    assert "Select the organisation" in body and "Select the role" in body
    assert not Invitation.objects.exists()


# -- scope, in each direction ----------------------------------------------------------------------


def test_an_officer_invites_school_and_provider_users_of_their_own_la(client, la_officer, school_a, la):
    provider = ProviderFactory(organisation__local_authority=la)
    assert may_grant(la_officer, organisation=school_a.organisation, grant=Grant(Role.SCHOOL_USER))
    assert may_grant(la_officer, organisation=school_a.organisation, grant=Grant(Role.SCHOOL_USER, is_head=True))
    assert may_grant(la_officer, organisation=provider.organisation, grant=Grant(Role.PROVIDER_USER))
    client.force_login(la_officer)
    assert invite(client, school_a.organisation, Role.SCHOOL_USER).status_code == 302


@pytest.mark.parametrize("role", [Role.LA_OFFICER, Role.ADMINISTRATOR, Role.LA_FINANCE, Role.FORUM_MEMBER])
def test_an_officer_cannot_give_la_roles(client, la_officer, la, role):
    assert not may_grant(la_officer, organisation=la, grant=Grant(role))
    client.force_login(la_officer)
    response = invite(client, la, role)
    assert response.status_code == 200 and not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        invitation_send(by=la_officer, email="x@example.org", full_name="X", organisation=la, grant=Grant(role))


def test_nobody_gives_roles_in_another_la(client, administrator, la_officer, other_la_school):
    other_la = other_la_school.organisation.local_authority
    for actor in (administrator, la_officer):
        assert not may_grant(actor, organisation=other_la_school.organisation, grant=Grant(Role.SCHOOL_USER))
        assert not may_grant(actor, organisation=other_la, grant=Grant(Role.LA_OFFICER))
    client.force_login(administrator)
    assert invite(client, other_la_school.organisation, Role.SCHOOL_USER).status_code == 200
    assert not Invitation.objects.exists()


def test_a_head_invites_colleagues_for_their_own_school_only(client, head_school_a, school_a, school_b):
    assert may_grant(head_school_a, organisation=school_a.organisation, grant=Grant(Role.SCHOOL_USER))
    assert not may_grant(head_school_a, organisation=school_a.organisation, grant=Grant(Role.SCHOOL_USER, True))
    assert not may_grant(head_school_a, organisation=school_b.organisation, grant=Grant(Role.SCHOOL_USER))
    client.force_login(head_school_a)
    assert invite(client, school_a.organisation, Role.SCHOOL_USER).status_code == 302
    home = client.get(reverse("core:home")).content
    assert b"Invite a colleague" in home


def test_heads_may_not_invite_when_the_la_says_so(client, head_school_a, school_a, settings):
    settings.HEADS_MAY_INVITE = False
    assert not may_grant(head_school_a, organisation=school_a.organisation, grant=Grant(Role.SCHOOL_USER))
    client.force_login(head_school_a)
    assert client.get(reverse("core:users")).status_code == 403


def test_a_senco_who_is_not_head_manages_nobody(client, senco_school_a):
    client.force_login(senco_school_a)
    assert client.get(reverse("core:users")).status_code == 403
    assert client.get(reverse("core:user-invite")).status_code == 403


def test_an_officer_cannot_change_an_administrators_role(client, la_officer, administrator):
    membership = administrator.memberships.get()
    client.force_login(la_officer)
    url = reverse("core:role-change", args=[administrator.pk, membership.pk])
    assert client.post(url, {"role": Role.LA_OFFICER}).status_code == 404
    with pytest.raises(PermissionDenied):
        membership_change_role(by=la_officer, membership=membership, grant=Grant(Role.LA_OFFICER))
    membership.refresh_from_db()
    assert membership.role == Role.ADMINISTRATOR


def test_an_officer_cannot_make_a_school_user_an_administrator(client, la_officer, senco_school_a):
    membership = senco_school_a.memberships.get()
    client.force_login(la_officer)
    response = client.post(
        reverse("core:role-change", args=[senco_school_a.pk, membership.pk]), {"role": "administrator"}
    )
    assert response.status_code == 200 and b"Select a role" in response.content
    membership.refresh_from_db()
    assert membership.role == Role.SCHOOL_USER


def test_nobody_changes_their_own_roles(client, administrator):
    membership = administrator.memberships.get()
    client.force_login(administrator)
    assert client.get(reverse("core:user-detail", args=[administrator.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        membership_change_role(by=administrator, membership=membership, grant=Grant(Role.LA_OFFICER))


def test_an_administrator_makes_a_senco_the_head_and_it_is_audited_readably(client, administrator, senco_school_a):
    membership = senco_school_a.memberships.get()
    client.force_login(administrator)
    response = client.post(
        reverse("core:role-change", args=[senco_school_a.pk, membership.pk]), {"role": "school_head"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_head
    log = client.get(reverse("core:audit-log"), {"action": "change"}).content.decode()
    assert "Head teacher: No → Yes" in log


def test_an_administrator_does_not_switch_off_someone_who_also_works_for_another_la(
    client, administrator, senco_school_a, other_la_school
):
    MembershipFactory(user=senco_school_a, organisation=other_la_school.organisation, role=Role.SCHOOL_USER)
    client.force_login(administrator)
    assert client.get(reverse("core:user-detail", args=[senco_school_a.pk])).status_code == 200
    assert client.post(reverse("core:user-deactivate", args=[senco_school_a.pk])).status_code == 403
    senco_school_a.refresh_from_db()
    assert senco_school_a.is_active


def test_administrators_see_only_their_own_las_people(administrator, senco_school_a, other_la_school):
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=other_la_school.organisation, role=Role.SCHOOL_USER)
    visible = set(users_visible_to(administrator))
    assert senco_school_a in visible and stranger not in visible


def test_an_administrator_resets_a_lost_authenticator(client, administrator, la_officer):
    from tests.core.two_factor import give_authenticator

    give_authenticator(la_officer)
    phone = type(client)()
    phone.force_login(la_officer)
    client.force_login(administrator)
    response = client.post(reverse("core:two-factor-reset", args=[la_officer.pk]))
    assert response.status_code == 302
    assert not la_officer.totpdevice_set.exists()
    assert phone.get(reverse("core:home")).status_code == 302, "their sessions end"
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_RESET, user=administrator).exists()


def test_an_officer_cannot_reset_two_factor_or_unlock(client, la_officer, senco_school_a):
    client.force_login(la_officer)
    assert client.post(reverse("core:two-factor-reset", args=[senco_school_a.pk])).status_code == 403
    assert client.post(reverse("core:user-unlock", args=[senco_school_a.pk])).status_code == 403


# -- the users list ------------------------------------------------------------------------------------


def test_the_users_list_filters_and_searches(client, administrator, senco_school_a, senco_school_b, la_officer):
    client.force_login(administrator)
    page = client.get(reverse("core:users"), {"search": "sally"}).context["page"]
    assert list(page) == [senco_school_a]
    page = client.get(reverse("core:users"), {"role": Role.LA_OFFICER}).context["page"]
    assert list(page) == [la_officer]
    org = senco_school_b.memberships.get().organisation
    page = client.get(reverse("core:users"), {"organisation": org.pk}).context["page"]
    assert list(page) == [senco_school_b]
    response = client.get(reverse("core:users"), {"organisation": "999999", "status": "<script>"})
    assert response.status_code == 200 and b"govuk-error-summary" in response.content


def test_the_users_list_uses_a_constant_number_of_queries(
    client, administrator, school_a, django_assert_max_num_queries
):
    client.force_login(administrator)
    for n in (3, 30):
        for _ in range(n):
            MembershipFactory(organisation=school_a.organisation, role=Role.SCHOOL_USER)
        with django_assert_max_num_queries(
            10
        ):  # measured 8: session, user, scope, organisations, count, page, roles, lockouts
            response = client.get(reverse("core:users"))
        assert response.status_code == 200
    assert response.context["page"].paginator.count == 33


def test_the_demo_head_is_a_head(db):
    from apcommission.core.demo import DEMO_HEADS, DEMO_USERS, demo_logins

    assert {email for email, *_ in DEMO_USERS} >= DEMO_HEADS
    assert {login["role"] for login in demo_logins() if login["email"] in DEMO_HEADS} == {"Head teacher"}

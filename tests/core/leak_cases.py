from django.urls import reverse

from apcommission.core.models import Role, ServiceFeedback
from apcommission.core.selectors import Grant
from apcommission.core.services import invitation_send
from tests.factories import MembershipFactory, UserFactory
from tests.leak_matrix import EVERYONE_SIGNED_IN, ROLE_KEYS, LeakCase

EVERYONE = frozenset(ROLE_KEYS)
USER_MANAGERS = frozenset({"administrator", "la_officer", "la_manager"})
ADMINISTRATOR = frozenset({"administrator"})


def leak_cases(world):
    colleague = UserFactory(email="zebedee.secret-colleague@leak.test", full_name="Zebedee Secret-Colleague")
    membership = MembershipFactory(user=colleague, organisation=world.school_a.organisation, role=Role.SCHOOL_USER)
    invited = invitation_send(
        by=world.users["administrator"],
        email="ivy.secret-invitee@leak.test",
        full_name="Ivy Secret-Invitee",
        organisation=world.school_a.organisation,
        grant=Grant(Role.SCHOOL_USER),
    ).user
    ServiceFeedback.objects.create(satisfaction="satisfied", improve="Quokka secret feedback", local_authority=world.la)
    person = {"pk": colleague.pk}
    role = {"pk": colleague.pk, "membership_pk": membership.pk}
    secrets = ("Zebedee Secret-Colleague",)
    return [
        LeakCase(url=reverse("core:home"), allowed=EVERYONE_SIGNED_IN),
        LeakCase(url=reverse("core:audit-log"), allowed=ADMINISTRATOR),
        LeakCase(url=reverse("core:audit-log-export"), allowed=ADMINISTRATOR),
        # The service's own pages are for everyone; the feedback sent is for the LA's administrators.
        LeakCase(url=reverse("core:feedback") + "?page=/", allowed=EVERYONE),
        LeakCase(url=reverse("core:feedback-list"), allowed=ADMINISTRATOR, secrets=("Quokka secret feedback",)),
        LeakCase(url=reverse("core:accessibility"), allowed=EVERYONE),
        LeakCase(url=reverse("core:cookies"), allowed=EVERYONE),
        # Signing in, resetting a password and the session's own pages are the same for everyone.
        LeakCase(url=reverse("core:password-reset"), allowed=EVERYONE),
        LeakCase(url=reverse("core:password-reset-sent"), allowed=EVERYONE),
        LeakCase(url=reverse("core:password-reset-confirm", args=["MQ", "set-password"]), allowed=EVERYONE),
        LeakCase(url=reverse("core:password-reset-complete"), allowed=EVERYONE),
        LeakCase(url=reverse("core:signed-out"), allowed=EVERYONE),
        LeakCase(url=reverse("core:session-status"), allowed=EVERYONE),
        # An invitation link that is not (or no longer) valid shows nothing about anyone.
        LeakCase(
            url=reverse("core:invitation", args=["not-a-real-token"]), allowed=frozenset(), secrets=secrets, public=True
        ),
        # One's own account.
        LeakCase(url=reverse("core:account"), allowed=EVERYONE_SIGNED_IN, secrets=secrets),
        LeakCase(url=reverse("core:change-password"), allowed=EVERYONE_SIGNED_IN),
        LeakCase(url=reverse("core:authenticator"), allowed=EVERYONE_SIGNED_IN),
        LeakCase(url=reverse("core:sign-in-set-up"), allowed=EVERYONE_SIGNED_IN),
        LeakCase(url=reverse("core:recovery-codes"), allowed=EVERYONE_SIGNED_IN),
        LeakCase(url=reverse("core:sign-out-everywhere"), allowed=EVERYONE_SIGNED_IN),
        # Managing other people's accounts: school A's user is managed by the LA's administrator,
        # officers and managers; school A's SENCO is not its head, so manages nobody.
        LeakCase(url=reverse("core:users"), allowed=USER_MANAGERS, secrets=secrets),
        LeakCase(url=reverse("core:user-invite"), allowed=USER_MANAGERS, secrets=secrets),
        LeakCase(url=reverse("core:user-detail", kwargs=person), allowed=USER_MANAGERS, secrets=secrets),
        LeakCase(url=reverse("core:role-add", kwargs=person), allowed=USER_MANAGERS, secrets=secrets),
        LeakCase(url=reverse("core:role-change", kwargs=role), allowed=USER_MANAGERS, secrets=secrets),
        LeakCase(url=reverse("core:role-remove", kwargs=role), allowed=USER_MANAGERS, secrets=secrets, post={}),
        LeakCase(url=reverse("core:user-deactivate", kwargs=person), allowed=USER_MANAGERS, secrets=secrets, post={}),
        LeakCase(url=reverse("core:user-reactivate", kwargs=person), allowed=USER_MANAGERS, secrets=secrets),
        LeakCase(url=reverse("core:two-factor-reset", kwargs=person), allowed=ADMINISTRATOR, secrets=secrets),
        LeakCase(url=reverse("core:user-unlock", kwargs=person), allowed=ADMINISTRATOR, secrets=secrets),
        LeakCase(
            url=reverse("core:invitation-resend", kwargs={"pk": invited.pk}),
            allowed=USER_MANAGERS,
            secrets=("Ivy Secret-Invitee",),
        ),
        # The administrator manages only their own LA's people: the administrator themself (no
        # one manages their own account) and a stranger with no membership are 404.
        LeakCase(url=reverse("core:user-detail", kwargs={"pk": world.users["administrator"].pk}), allowed=frozenset()),
        LeakCase(url=reverse("core:user-detail", kwargs={"pk": world.users["stranger"].pk}), allowed=frozenset()),
    ]

"""Organisations (local authorities, schools, providers), schools' details, and the memberships
that give a user a role in an organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .base import LA_CODE_VALIDATOR, URN_VALIDATOR, TimeStampedModel
from .users import scope_versions_change


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    SCHOOL = "school", "School"
    PROVIDER = "provider", "Alternative provision provider"


#: What of an organisation its members' scopes hold (core.scoping: the LAs they belong to).
IN_MEMBERS_SCOPES = ("local_authority", "local_authority_id")


class OrganisationQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """An organisation's LA is part of its members' scopes: they get a new scope version."""
        if not any(name in kwargs for name in IN_MEMBERS_SCOPES):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            organisations = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
            scope_versions_change(Membership.objects.filter(organisation__in=organisations).values("user_id"))
        return updated


class Organisation(TimeStampedModel):
    """Anything a user can belong to. Schools and providers carry their details in a one-to-one
    model (`School` here, `providers.Provider`) so that memberships and scoping need one table."""

    kind = models.CharField(max_length=10, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(max_length=200)
    local_authority = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
        help_text="The LA whose area this organisation is in (empty for an LA itself).",
    )
    la_code = models.CharField(
        "LA number", max_length=3, blank=True, validators=[LA_CODE_VALIDATOR], help_text="Local authorities only."
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="la", local_authority__isnull=True)
                | (~models.Q(kind="la") & models.Q(local_authority__isnull=False)),
                name="organisation_la_has_no_parent_others_have_one",
            ),
        ]
        indexes = [
            # An LA's organisations by name: today's registers and the provider register walk it
            # in the lists' order and stop after a page, rather than sorting every provider.
            models.Index(fields=["local_authority", "name"], name="organisation_la_name_idx"),
            # Every organisation by name: lists of the rows of an LA's schools or providers in their
            # names' order (contributions, the approved list) walk it to a page and stop, where the
            # rows' own LA is not the organisation's column (1.3 → 0.6 ms and 2.0 → 0.9 ms on the
            # benchmark county).
            models.Index(fields=["name", "id"], name="organisation_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        organisation = super().from_db(db, field_names, values)
        # Its LA when read: moved to another when saved, its members' scopes change.
        organisation._loaded_local_authority_id = organisation.__dict__.get("local_authority_id")
        return organisation


class SchoolPhase(models.TextChoices):
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SIXTEEN_PLUS = "16_plus", "16 plus"


class SchoolType(models.TextChoices):
    MAINTAINED = "maintained", "LA maintained"
    ACADEMY = "academy", "Academy"
    FREE_SCHOOL = "free_school", "Free school"
    SPECIAL = "special", "Special school"
    PRU = "pru", "Pupil referral unit"
    INDEPENDENT = "independent", "Independent school"


class School(TimeStampedModel):
    """A school (home school of pupils, or excluding / admitting school). URN as on GIAS."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="school")
    urn = models.CharField("URN", max_length=6, unique=True, validators=[URN_VALIDATOR])
    phase = models.CharField(max_length=12, choices=SchoolPhase.choices)
    school_type = models.CharField("Type", max_length=12, choices=SchoolType.choices)
    trust_name = models.CharField("Academy trust", max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    lowest_year = models.SmallIntegerField(null=True, blank=True, help_text="Reception is 0.")
    highest_year = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def is_la_maintained(self) -> bool:
        """Maintained schools and PRUs have exclusion adjustments applied by the LA (SEYFR)."""
        return self.school_type in {SchoolType.MAINTAINED, SchoolType.PRU, SchoolType.SPECIAL} and not self.trust_name


class Role(models.TextChoices):
    LA_OFFICER = "la_officer", "LA commissioning officer"
    LA_FINANCE = "la_finance", "LA finance officer"
    LA_MANAGER = "la_manager", "LA manager"
    SCHOOL_USER = "school_user", "School user (SENCO or head)"
    FORUM_MEMBER = "forum_member", "Schools Forum member"
    PROVIDER_USER = "provider_user", "Provider user"
    ADMINISTRATOR = "administrator", "Administrator"


#: Which kind of organisation each role belongs to.
ROLE_ORGANISATION_KIND = {
    Role.LA_OFFICER: OrganisationKind.LOCAL_AUTHORITY,
    Role.LA_FINANCE: OrganisationKind.LOCAL_AUTHORITY,
    Role.LA_MANAGER: OrganisationKind.LOCAL_AUTHORITY,
    Role.FORUM_MEMBER: OrganisationKind.LOCAL_AUTHORITY,
    Role.ADMINISTRATOR: OrganisationKind.LOCAL_AUTHORITY,
    Role.SCHOOL_USER: OrganisationKind.SCHOOL,
    Role.PROVIDER_USER: OrganisationKind.PROVIDER,
}


class MembershipQuerySet(models.QuerySet):
    """Every way of changing memberships in bulk gives the users concerned a new scope version
    (User.scope_version), as saving and deleting one does (the signals below)."""

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            users = set(self.select_for_update().values_list("user_id", flat=True))
            updated = super().update(**kwargs)
            users.add(_user_id(kwargs))
            scope_versions_change(users)
        return updated

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            scope_versions_change(obj.user_id for obj in objs)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            users = {obj.user_id for obj in objs}
            if "user" in fields or "user_id" in fields:
                users.update(self.filter(pk__in=[obj.pk for obj in objs]).values_list("user_id", flat=True))
            updated = super().bulk_update(objs, fields, *args, **kwargs)
            scope_versions_change(users)
        return updated


def _user_id(values: dict) -> int | None:
    user = values.get("user", values.get("user_id"))
    return getattr(user, "pk", user)


class Membership(TimeStampedModel):
    """A user's role in one organisation. A user may hold several (a SENCO for two schools)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    is_active = models.BooleanField(default=True)
    is_head = models.BooleanField(
        "Head teacher",
        default=False,
        help_text="A school user who leads the school, and may invite colleagues for it.",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role_in_org"),
            models.CheckConstraint(
                condition=models.Q(is_head=False) | models.Q(role="school_user"),
                name="membership_only_school_users_are_heads",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.role_label} at {self.organisation}"

    @property
    def role_label(self) -> str:
        return "Head teacher" if self.is_head else self.get_role_display()

    @classmethod
    def from_db(cls, db, field_names, values):
        membership = super().from_db(db, field_names, values)
        # Whose membership it was when read: if saved for someone else, both scopes change.
        membership._loaded_user_id = membership.__dict__.get("user_id")
        return membership

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        expected = ROLE_ORGANISATION_KIND[Role(self.role)]
        if self.organisation_id and self.organisation.kind != expected:
            role, kind = _lower_first(Role(self.role).label), _lower_first(expected.label)
            raise ValidationError(
                {"organisation": f"{_article(role).capitalize()} {role} must belong to {_article(kind)} {kind}"}
            )


def _lower_first(label: str) -> str:
    """'School user' -> 'school user', but 'LA officer' keeps its capitals."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[0].lower() + label[1:]


def _article(noun: str) -> str:
    # Initialisms said letter by letter ("an LA", "an SEN") take "an" when the letter sounds like a vowel.
    first = noun.split(" ", 1)[0]
    if first.isupper():
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if noun[0].lower() in "aeiou" else "a"


# A user's scope (core.scoping) is kept between requests by their scope version: every change to a
# membership, and to an organisation (its LA is part of its members' scopes), gives the users
# concerned a new one, in the same transaction as the change when the caller has one (services do).
# Deleting in bulk and cascading deletes (of a user or an organisation) send these signals too.
# A data migration changing memberships through its historical models sends none of this: it
# must renew the users' scope_version itself (users.new_scope_version).


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def _membership_changed(sender, instance: Membership, **kwargs) -> None:
    scope_versions_change({instance.user_id, getattr(instance, "_loaded_user_id", None)})
    instance._loaded_user_id = instance.user_id


@receiver(post_save, sender=Organisation)
def _organisation_changed(sender, instance: Organisation, created: bool, update_fields=None, **kwargs) -> None:
    moved = getattr(instance, "_loaded_local_authority_id", None) != instance.local_authority_id
    if not created and moved and (update_fields is None or set(update_fields) & set(IN_MEMBERS_SCOPES)):
        scope_versions_change(Membership.objects.filter(organisation=instance).values("user_id"))
    instance._loaded_local_authority_id = instance.local_authority_id

"""The cross-cutting core: users, organisations (local authorities, schools; providers hook in
from providers/), memberships with roles, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

URN_VALIDATOR = RegexValidator(r"^\d{6}$", "Enter a URN of 6 digits, like 123456")
LA_CODE_VALIDATOR = RegexValidator(r"^\d{3}$", "Enter an LA number of 3 digits, like 884")


class TimeStampedModel(models.Model):
    """Created and modified on every model (data-hub-api's BaseModel)."""

    created_on = models.DateTimeField(default=timezone.now, editable=False)
    modified_on = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    use_in_migrations = True

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


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    SCHOOL = "school", "School"
    PROVIDER = "provider", "Alternative provision provider"


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

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="la", local_authority__isnull=True)
                | (~models.Q(kind="la") & models.Q(local_authority__isnull=False)),
                name="organisation_la_has_no_parent_others_have_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name


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


class Membership(TimeStampedModel):
    """A user's role in one organisation. A user may hold several (a SENCO for two schools)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role_in_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"

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


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"


class AuditEvent(models.Model):
    """Who viewed or changed which record, when, and what changed. Append-only.

    Field-level history of each child-data model is kept by django-simple-history as well; this
    log adds the views and exports that history cannot see, and is what administrators search.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    user_email = models.CharField(max_length=254, blank=True, help_text="Kept if the user is later removed.")
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="Field: [before, after] for changes.")
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    is_child_record = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.user_email} {self.get_action_display().lower()} {self.object_repr} at {self.at:%d/%m/%Y %H:%M}"


class TermKind(models.TextChoices):
    AUTUMN_1 = "autumn_1", "Autumn first half"
    AUTUMN_2 = "autumn_2", "Autumn second half"
    SPRING_1 = "spring_1", "Spring first half"
    SPRING_2 = "spring_2", "Spring second half"
    SUMMER_1 = "summer_1", "Summer first half"
    SUMMER_2 = "summer_2", "Summer second half"


class TermDate(TimeStampedModel):
    """A half term when a school is open. The LA's pattern applies to every school that has no
    half terms of its own (academies set their own dates; enter theirs against the school)."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="term_dates", limit_choices_to={"kind": "la"}
    )
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="term_dates",
        help_text="Empty: the LA's own pattern. Set: this school's own dates replace the LA's.",
    )
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts, e.g. 2026 for 2026/27."
    )
    kind = models.CharField(max_length=10, choices=TermKind.choices)
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=models.Q(first_day__lte=models.F("last_day")), name="termdate_in_order"),
            # Two partial constraints rather than nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(
                fields=["local_authority", "academic_year", "kind"],
                condition=models.Q(school__isnull=True),
                name="termdate_unique_la_half_term",
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year", "kind"],
                condition=models.Q(school__isnull=False),
                name="termdate_unique_school_half_term",
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "school", "first_day"], name="termdate_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.academic_year}/{(self.academic_year + 1) % 100:02d}"


class ClosureDay(TimeStampedModel):
    """A weekday inside a half term when a school (or every school in the LA) is closed to
    pupils: an INSET day, a polling day, an emergency closure. Whether INSET days stop the
    statutory clock is unsure in the brief, so each closure says whether it counts."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="closure_days")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=100, default="INSET day")
    counts_as_school_day = models.BooleanField(
        default=False, help_text="Tick if this closure still counts towards statutory day counts."
    )

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "date"], condition=models.Q(school__isnull=True), name="closureday_unique_la"
            ),
            models.UniqueConstraint(
                fields=["school", "date"], condition=models.Q(school__isnull=False), name="closureday_unique_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.date:%d/%m/%Y}"


class WorkerHeartbeat(models.Model):
    """One row per Celery process name, touched by the `heartbeat` task, so /healthz and the
    administrator can see when the worker and beat last ran."""

    name = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen:%H:%M:%S}"


class KeyStage(models.TextChoices):
    """Key stages by National Curriculum year (EYFS: nursery and reception)."""

    EYFS = "eyfs", "Early years (EYFS)"
    KS1 = "ks1", "Key stage 1"
    KS2 = "ks2", "Key stage 2"
    KS3 = "ks3", "Key stage 3"
    KS4 = "ks4", "Key stage 4"
    KS5 = "ks5", "Key stage 5 (16 to 19)"
    POST_19 = "post19", "Post-19"


class Need(models.TextChoices):
    """The needs an AP offer serves, and a request asks for."""

    SEMH = "semh", "Social, emotional and mental health (SEMH)"
    MEDICAL = "medical", "Medical needs"
    ANXIETY_EBSA = "ebsa", "Anxiety and emotionally based school avoidance (EBSA)"
    VOCATIONAL = "vocational", "Vocational courses"
    TUITION = "tuition", "One-to-one tuition"
    ONLINE = "online", "Online learning"
    OUTREACH = "outreach", "Outreach"

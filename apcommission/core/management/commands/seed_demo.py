"""`manage.py seed_demo`: the fictional county of Marchshire, for the quick start and demos.

Idempotent (every row is found by its natural key: LA number, URN, e-mail, half term, date),
all in one transaction, and refused when DEBUG is off: demo passwords must never exist in
production. After the core's own data it runs the seeders the apps registered
(apcommission.core.demo.register_demo_seeder) with `la=`, `schools=` (the demo schools in order;
the first two are the demo SENCOs' secondary schools) and `stdout=`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from apcommission.core import services
from apcommission.core.demo import DEMO_HEADS, DEMO_PASSWORD, DEMO_PROVIDER_NAME, DEMO_USERS, demo_seeders
from apcommission.core.models import (
    ClosureDay,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    School,
    TermDate,
    User,
)

from . import _demo_data as data

#: The demo SENCOs' schools: "school:first" and "school:second" in DEMO_USERS.
SCHOOL_KEYS = {"first": 0, "second": 1}


class Command(BaseCommand):
    help = "Load the fictional Marchshire demo data (idempotent). Refuses to run when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Run even though DEBUG is off (a staging copy). Creates accounts with a published password.",
        )

    def handle(self, *args, not_production: bool = False, **options):
        if not settings.DEBUG and not not_production:
            raise CommandError(
                "seed_demo refused: DEBUG is off, and demo accounts have a published password. "
                "If this is not production, run it again with --i-know-this-is-not-production."
            )
        with transaction.atomic():
            la = services.local_authority_ensure(la_code=data.LA_CODE, name=data.LA_NAME)
            schools = self.seed_schools(la)
            self.seed_calendars(la, {school.urn: school for school in schools})
            self.seed_users(la, schools)
            for seeder in demo_seeders():
                seeder.seed(la=la, schools=schools, stdout=self.stdout)
                # As soon as providers.demo has made the demo provider: later seeders (the clock's
                # reminders) then reach its user on the first run as on every other.
                self.link_provider_user(la, warn=False)
            self.link_provider_user(la)
        self.print_summary(la)

    def seed_schools(self, la: Organisation) -> list[School]:
        return [
            services.school_ensure(
                local_authority=la,
                urn=school.urn,
                name=school.name,
                phase=school.phase,
                school_type=school.school_type,
                trust_name=school.trust_name,
                postcode=school.postcode,
                lowest_year=school.lowest_year,
                highest_year=school.highest_year,
            )
            for school in data.SCHOOLS
        ]

    def seed_calendars(self, la: Organisation, by_urn: dict[str, School]) -> None:
        for year, half_terms in data.LA_TERM_DATES.items():
            for kind, (first_day, last_day) in half_terms.items():
                services.term_date_set(
                    local_authority=la, academic_year=year, kind=kind, first_day=first_day, last_day=last_day
                )
        own_dates = [s for s in data.SCHOOLS if s.trust_name == data.OWN_DATES_TRUST]
        for year, half_terms in data.TRUST_TERM_DATES.items():
            for kind, (first_day, last_day) in half_terms.items():
                for school in own_dates:
                    services.term_date_set(
                        local_authority=la,
                        school=by_urn[school.urn],
                        academic_year=year,
                        kind=kind,
                        first_day=first_day,
                        last_day=last_day,
                    )
        for urn, date, reason, counts in data.CLOSURES:
            services.closure_day_set(
                local_authority=la,
                school=by_urn[urn] if urn else None,
                date=date,
                reason=reason,
                counts_as_school_day=counts,
            )

    def seed_users(self, la: Organisation, schools: list[School]) -> None:
        secondary = [s for s in schools if s.phase == data.P.SECONDARY]
        for email, full_name, role, org_key in DEMO_USERS:
            user = services.user_ensure(
                email=email, full_name=full_name, password=DEMO_PASSWORD, is_staff=role == Role.ADMINISTRATOR
            )
            organisation = self.organisation_for(org_key, la=la, secondary=secondary)
            if organisation is not None:
                services.membership_grant(user=user, organisation=organisation, role=role, is_head=email in DEMO_HEADS)

    def organisation_for(self, key: str, *, la: Organisation, secondary: list[School]) -> Organisation | None:
        """The organisation a DEMO_USERS key names: "la", "school:first", "school:second" or
        "school:<URN>". Providers are linked after the providers' own seed has run."""
        kind, _, which = key.partition(":")
        if kind == "la":
            return la
        if kind == "school":
            if which in SCHOOL_KEYS:
                return secondary[SCHOOL_KEYS[which]].organisation
            school = School.objects.select_related("organisation").filter(urn=which).first()
            if school is None:
                raise CommandError(f"DEMO_USERS names a school that seed_demo does not create: {key}")
            return school.organisation
        if kind == "provider":
            return None
        raise CommandError(f"DEMO_USERS names an organisation seed_demo does not know: {key}")

    def link_provider_user(self, la: Organisation, *, warn: bool = True) -> None:
        """The demo provider user works for DEMO_PROVIDER_NAME, which providers.demo creates."""
        for email, _name, role, org_key in DEMO_USERS:
            if not org_key.startswith("provider:"):
                continue
            which = org_key.partition(":")[2]
            name = DEMO_PROVIDER_NAME if which == "first" else which
            provider = Organisation.objects.filter(
                kind=OrganisationKind.PROVIDER, local_authority=la, name=name
            ).first()
            if (name is None or provider is None) and warn:
                self.stdout.write(
                    self.style.WARNING(f"No demo provider for {email} yet: it can sign in, sees nothing.")
                )
            if name is None or provider is None:
                continue
            services.membership_grant(user=User.objects.get(email=email), organisation=provider, role=role)

    def print_summary(self, la: Organisation) -> None:
        schools = School.objects.filter(organisation__local_authority=la)
        by_type = dict(schools.values_list("school_type").annotate(n=Count("pk")).order_by())
        type_counts = ", ".join(f"{label}: {by_type[value]}" for value, label in data.T.choices if value in by_type)
        demo_emails = [email for email, *_ in DEMO_USERS]
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {la.name} (LA {la.la_code})."))
        self.stdout.write(f"  Schools: {schools.count()} ({type_counts})")
        self.stdout.write(
            f"  Term dates: {TermDate.objects.filter(local_authority=la).count()} half terms; "
            f"closure days: {ClosureDay.objects.filter(local_authority=la).count()}"
        )
        self.stdout.write(
            f"  Organisations in the LA: {Organisation.objects.filter(local_authority=la).count()}; "
            f"demo accounts: {User.objects.filter(email__in=demo_emails).count()} "
            f"with {Membership.objects.filter(user__email__in=demo_emails, is_active=True).count()} roles"
        )

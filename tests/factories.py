"""Core factories. Each app's factories live in tests/<app>/factories.py and import these."""

import factory
from factory.django import DjangoModelFactory

from apcommission.core.models import Membership, Organisation, OrganisationKind, School, SchoolPhase, SchoolType, User

factory.Faker._DEFAULT_LOCALE = "en_GB"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class LocalAuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.LOCAL_AUTHORITY
    name = factory.Sequence(lambda n: f"Shire {n} Council")
    la_code = factory.Sequence(lambda n: f"{800 + n % 199:03d}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.SCHOOL
    name = factory.Sequence(lambda n: f"Organisation {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.SCHOOL)
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    phase = SchoolPhase.SECONDARY
    school_type = SchoolType.MAINTAINED
    postcode = "HR1 2AB"
    lowest_year = 7
    highest_year = 11


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(LocalAuthorityFactory)
    role = "la_officer"


class ProviderOrganisationFactory(OrganisationFactory):
    kind = OrganisationKind.PROVIDER
    name = factory.Sequence(lambda n: f"Provider {n} Learning")

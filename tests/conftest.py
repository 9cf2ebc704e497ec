"""Role fixtures shared by every app's tests (data-hub-api style). Two of everything, with
distinctive names, so that the leak matrix can look for the foreign one."""

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from apcommission.core.models import Role
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory

# Property tests judge the rule, not the machine: on a shared CI runner a slow example is not a
# failure (no per-example deadline, no "too slow" health check).
hypothesis_settings.register_profile("apcommission", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("apcommission")


@pytest.fixture
def la(db):
    return LocalAuthorityFactory(name="Wessex County Council", la_code="999")


@pytest.fixture
def school_a(la):
    return SchoolFactory(organisation__name="Applegate Academy", organisation__local_authority=la)


@pytest.fixture
def school_b(la):
    return SchoolFactory(organisation__name="Brambleton Primary", organisation__local_authority=la)


def _member(role, organisation, **user_kwargs):
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def la_officer(la):
    return _member(Role.LA_OFFICER, la, full_name="Olive Officer")


@pytest.fixture
def la_officer_2(la):
    return _member(Role.LA_OFFICER, la, full_name="Otto Second-Officer")


@pytest.fixture
def la_manager(la):
    return _member(Role.LA_MANAGER, la)


@pytest.fixture
def la_finance(la):
    return _member(Role.LA_FINANCE, la)


@pytest.fixture
def administrator(la):
    return _member(Role.ADMINISTRATOR, la)


@pytest.fixture
def forum_member(la):
    return _member(Role.FORUM_MEMBER, la)


@pytest.fixture
def senco_school_a(school_a):
    return _member(Role.SCHOOL_USER, school_a.organisation, full_name="Sally Senco")


@pytest.fixture
def senco_school_b(school_b):
    return _member(Role.SCHOOL_USER, school_b.organisation, full_name="Basil Senco")


@pytest.fixture(autouse=True)
def _statements_compiled_afresh():
    """Each test compiles the lists' statements again (apcommission.core.compiled keeps them per
    process by scope and filter): a test that breaks a scope on purpose (the leak matrix's teeth)
    must not be answered with a statement another test compiled from the real one, in a database
    that gave its users the same ids."""
    from apcommission.core.compiled import forget_statements

    forget_statements()
    yield


@pytest.fixture(autouse=True)
def _force_login_is_a_finished_sign_in(monkeypatch):
    """`client.force_login(user)` stands for a finished sign-in: password and, where the role needs
    one, the second factor (tests of signing in itself post the real forms: tests/core/test_sign_in.py).
    The session's clocks start now, as they do at a real sign-in."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from apcommission.core.sessions import mark_signed_in

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        mark_signed_in(session)
        session[DEVICE_ID_SESSION_KEY] = "tests.force_login/0"
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


from tests.notify import fake_notify  # noqa: E402, F401  (GOV.UK Notify's API, answered locally)
from tests.required_markers import pytest_runtest_logreport, pytest_sessionfinish  # noqa: E402, F401


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "hostile: hostile values in every form field and URL parameter (run alone: pytest -m hostile)"
    )
    config.addinivalue_line("markers", "teeth: the test of the leak matrix itself (each scope filter let open)")
    config.addinivalue_line("markers", "query_counts: every page's queries counted at two data sizes (minutes)")

"""Keyset pages (apcommission.core.paging): every row once, in order, both ways; bad cursors give
the first page; the count stops at its cap."""

import pytest
from django.http import QueryDict

from apcommission.core.models import Organisation
from apcommission.core.paging import COUNT_CAP, AtLeast, keyset_page
from tests.factories import LocalAuthorityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _params(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(values)
    return query


@pytest.fixture
def schools():
    la = LocalAuthorityFactory()
    # Names repeat, so the id breaks ties: the order must still be total.
    for n in range(23):
        OrganisationFactory(name=f"School {n % 7}", local_authority=la)
    return Organisation.objects.filter(local_authority=la)


ORDER = ["-name", "id"]


def _walk(queryset, per_page=5):
    page = keyset_page(queryset, order=ORDER, params=_params(), per_page=per_page)
    pages = [page]
    while page.has_next():
        page = keyset_page(queryset, order=ORDER, params=_params(after=page.next_cursor), per_page=per_page)
        pages.append(page)
    return pages


def test_next_pages_show_every_row_once_in_the_lists_order(schools):
    pages = _walk(schools)
    seen = [org.pk for page in pages for org in page]
    assert seen == list(schools.order_by(*ORDER).values_list("pk", flat=True))
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    assert not pages[0].has_previous() and not pages[-1].has_next()
    assert pages[0].paginator.count == 23 and pages[0].paginator.num_pages == 5


def test_previous_pages_go_back_the_way_they_came(schools):
    pages = _walk(schools)
    page = pages[-1]
    back = []
    while page.has_previous():
        page = keyset_page(schools, order=ORDER, params=_params(before=page.previous_cursor), per_page=5)
        back.append(page)
    assert [[o.pk for o in p] for p in back] == [[o.pk for o in p] for p in pages[-2::-1]]
    assert [p.number for p in back] == [4, 3, 2, 1]


@pytest.mark.parametrize("cursor", ["nonsense", "e30", "W10", "WzEsWyJhIl1d", "!!!", "WzEsWyJ4IiwgIm5vdCBhbiBpZCJdXQ"])
def test_a_tampered_cursor_gives_the_first_page(schools, cursor):
    page = keyset_page(schools, order=ORDER, params=_params(after=cursor), per_page=5)
    assert page.number == 1
    assert [o.pk for o in page] == list(schools.order_by(*ORDER).values_list("pk", flat=True)[:5])


def test_the_count_stops_at_the_cap_and_says_more_than(settings):
    la = LocalAuthorityFactory()
    Organisation.objects.bulk_create(
        Organisation(name=f"School {n:04d}", kind="school", local_authority=la) for n in range(COUNT_CAP + 5)
    )
    page = keyset_page(Organisation.objects.filter(local_authority=la), order=["name", "id"], params=_params())
    assert isinstance(page.paginator.count, AtLeast)
    assert str(page.paginator.count) == f"more than {COUNT_CAP:,}" and page.paginator.num_pages == "many"


def test_a_page_costs_one_query_wherever_it_is(schools, django_assert_num_queries):
    last = _walk(schools)[-2]
    with django_assert_num_queries(1):
        page = keyset_page(schools, order=ORDER, params=_params(after=last.next_cursor), per_page=5)
    assert page.paginator.count == 23
    with django_assert_num_queries(1):
        page = keyset_page(schools, order=ORDER, params=_params(before=page.previous_cursor), per_page=5)
    assert page.paginator.count == 23 and not hasattr(page.object_list[0], "keyset_capped_count")


def test_a_cursor_past_the_end_still_counts(schools, django_assert_num_queries):
    fourth = _walk(schools)[3]
    schools.filter(pk__in=[o.pk for o in list(schools.order_by(*ORDER))[20:]]).delete()  # page 5's rows go
    with django_assert_num_queries(2):  # no rows carry the count: it is counted on its own
        page = keyset_page(schools, order=ORDER, params=_params(after=fourth.next_cursor), per_page=5)
    assert list(page) == [] and page.paginator.count == 20


def test_an_empty_list_counts_nothing(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = keyset_page(Organisation.objects.filter(pk=-1), order=ORDER, params=_params())
    assert page.paginator.count == 0 and list(page) == []


def test_pages_of_plain_rows_walk_the_same_way(schools):
    columns = ("id", "name")
    page = keyset_page(schools, order=ORDER, params=_params(), per_page=5, columns=columns)
    seen = list(page)
    while page.has_next():
        page = keyset_page(schools, order=ORDER, params=_params(after=page.next_cursor), per_page=5, columns=columns)
        seen += list(page)
    assert seen == list(schools.order_by(*ORDER).values(*columns))
    back = keyset_page(schools, order=ORDER, params=_params(before=page.previous_cursor), per_page=5, columns=columns)
    assert list(back) == seen[15:20]


def test_a_first_page_compiled_once_reads_what_the_orm_reads(schools, django_assert_num_queries):
    columns = ("id", "name", "created_on")  # a datetime: the ORM's converters apply (SQLite)
    plain = keyset_page(schools, order=ORDER, params=_params(), per_page=5, columns=columns)
    shape = ("schools", schools.first().local_authority_id)
    for _ in range(2):  # compiled, then read again from the statement kept
        with django_assert_num_queries(1):
            kept = keyset_page(schools, order=ORDER, params=_params(), per_page=5, columns=columns, shape=shape)
        assert list(kept) == list(plain) and kept.paginator.count == 23
        assert kept.next_cursor == plain.next_cursor and not kept.has_previous()


def test_a_first_page_found_by_its_ids_first_is_the_same_page(schools, django_assert_num_queries):
    columns = ("id", "name")
    plain = keyset_page(schools, order=ORDER, params=_params(), per_page=5, columns=columns)
    shape = ("schools by ids", schools.first().local_authority_id)
    with django_assert_num_queries(1) as captured:
        found = keyset_page(
            schools, order=ORDER, params=_params(), per_page=5, columns=columns, shape=shape, ids_first=True
        )
    # The page's rows are those of its ids, found (ordered and limited) before any row is read.
    statement = captured.captured_queries[0]["sql"].upper()
    assert " IN (SELECT " in statement and statement.count("LIMIT") == 3  # the ids, the count, the page
    assert list(found) == list(plain) and found.paginator.count == 23 and found.next_cursor == plain.next_cursor


def test_a_shape_names_its_own_statement():
    first, second = LocalAuthorityFactory(), LocalAuthorityFactory()
    OrganisationFactory(name="Ours", local_authority=first)
    OrganisationFactory(name="Theirs", local_authority=second)
    for la, name in ((first, "Ours"), (second, "Theirs")):
        page = keyset_page(
            Organisation.objects.filter(local_authority=la),
            order=ORDER,
            params=_params(),
            columns=("id", "name"),
            shape=("organisations", la.pk),
        )
        assert [row["name"] for row in page] == [name]


def test_a_list_shape_holds_the_users_whole_scope(la_officer, senco_school_a):
    from apcommission.core.paging import list_shape

    assert list_shape("list", la_officer, "x") != list_shape("list", senco_school_a, "x")
    assert list_shape("list", la_officer, "x") == list_shape("list", la_officer, "x")
    assert list_shape("list", la_officer, "x") != list_shape("list", la_officer, "y")

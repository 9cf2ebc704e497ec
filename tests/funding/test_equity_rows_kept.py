"""The equity page's rows kept per school (`SchoolEquityFigures`) equal the rows the page counts
from the school figures, contributions and recoupment, for every year and sort; a contribution
changed through the service marks them stale (the page counts for itself) until they are
recounted; another LA's refresh marks them stale too."""

import datetime as dt
from decimal import Decimal

from funding.models import SchoolEquityFigures, SchoolYearFiguresRefresh
from funding.selectors import equity_head, equity_rows
from funding.services import commitments_refresh, contribution_set, recoupment_waive
from funding.services.equity import equity_figures_refresh
from tests.funding.test_equity_figures import COLUMNS, YEARS, world  # noqa: F401 - the fixture
from tests.funding.test_recoupment import calculate, permanent_exclusion, rates, school  # noqa: F401 - rates: the fixture

SORTS = ("school_name", "-ap_cost", "paid_in", "-recoupment")


def _page(user, la, *, fresh):
    views = {}
    for year in YEARS:
        for sort in SORTS:
            rows = equity_rows(user=user, local_authority=la, financial_year=year, sort=sort, fresh=fresh)
            views[(year, sort)] = ([tuple(row[name] for name in COLUMNS) for row in rows], dict(rows.totals))
    return views


def _fresh(user) -> bool:
    return equity_head(user=user)[2]


def test_the_kept_rows_equal_the_rows_counted_and_a_change_is_shown_at_once(
    la,
    la_finance,
    school_a,
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # Each refresh marks the other LAs' rows stale once it has committed.
    with django_capture_on_commit_callbacks(execute=True):
        commitments_refresh(local_authority=la)
    with django_capture_on_commit_callbacks(execute=True):
        commitments_refresh(local_authority=world["la_2"])  # its pupils' figures may be at la's schools
    assert not _fresh(la_finance)
    assert equity_figures_refresh() == 1  # la's: la_2's were counted with its refresh
    assert _fresh(la_finance)
    assert SchoolEquityFigures.objects.filter(paid_in__gt=0).exists()  # something to compare
    assert SchoolEquityFigures.objects.filter(ap_cost__gt=0).exists()
    assert _page(la_finance, la, fresh=True) == _page(la_finance, la, fresh=False)

    contribution_set(user=la_finance, school=school_a, financial_year=2026, annual_amount=Decimal("2250.00"))
    assert not _fresh(la_finance)  # the page counts for itself: the new contribution shows at once
    changed = _page(la_finance, la, fresh=False)
    assert changed[(2026, "school_name")] != _page(la_finance, la, fresh=True)[(2026, "school_name")]

    assert equity_figures_refresh() == 1
    assert _fresh(la_finance)
    assert _page(la_finance, la, fresh=True) == changed


def test_a_stale_or_old_row_is_recounted_and_a_fresh_one_left(la, la_finance, world):  # noqa: F811
    commitments_refresh(local_authority=la)
    refresh = SchoolYearFiguresRefresh.objects.get(local_authority=la)
    assert refresh.equity_counted_at is not None and refresh.equity_stale_since is None
    assert equity_figures_refresh(now=refresh.equity_counted_at) == 0
    assert equity_figures_refresh(now=refresh.equity_counted_at + RECOUNTED_AFTER) == 1


RECOUNTED_AFTER = dt.timedelta(minutes=16)


def test_a_recoupment_calculated_or_waived_marks_the_rows_stale(
    la,
    la_finance,
    rates,  # noqa: F811 - the fixture
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        commitments_refresh(local_authority=la)
    assert _fresh(la_finance)
    recoupment = calculate(la_finance, permanent_exclusion(school(la), dt.date(2026, 3, 2)))
    assert not _fresh(la_finance)  # the page counts the new recoupment for itself
    equity_figures_refresh()
    assert _fresh(la_finance)
    recoupment_waive(user=la_finance, recoupment=recoupment, reason="Calculated against the wrong school")
    assert not _fresh(la_finance)

"""The pages the benchmark measures: one row per page, as (name, who asks for it, URL).

To measure a new page, add a row. The URL may use {provider} (the busiest provider's id),
{pupil}, {placement} (an active placement), {school} (the benchmark school user's organisation)
and {today} (YYYY-MM-DD). Who: a key of benchmarks.county.BENCHMARK_USERS, or "anonymous".
"""

from __future__ import annotations

from typing import NamedTuple


class Page(NamedTuple):
    name: str
    who: str
    url: str


#: The bare reference page every page is compared with (benchmarks.views.reference).
REFERENCE = Page("reference: 50 rows of 100,000, one indexed query", "anonymous", "/benchmark/reference/")

PAGES: list[Page] = [
    # What every signed-in page pays before its own content (session, user, scope, layout's context):
    # the reference page again, for a signed-in user.
    Page("reference, signed in (finance)", "finance", "/benchmark/reference/"),
    # LA officers
    Page("officer dashboard", "officer", "/placements/dashboard/"),
    Page("reviews due", "officer", "/placements/reviews/due/"),
    Page("placement list", "officer", "/placements/"),
    Page("placement list, active", "officer", "/placements/?status=active"),
    Page("officer home", "officer", "/"),
    Page("key stage snapshot", "officer", "/placements/snapshot/"),
    Page("panel queue", "officer", "/placements/panel/"),
    Page("today's registers", "officer", "/placements/attendance/"),
    Page("provider register", "officer", "/providers/"),
    Page("provider page", "officer", "/providers/{provider}/"),
    Page("pupil list", "officer", "/placements/pupils/"),
    Page("pupil page", "officer", "/placements/pupils/{pupil}/"),
    Page("pupil timeline", "officer", "/placements/pupils/{pupil}/timeline/"),
    Page("placement page", "officer", "/placements/{placement}/"),
    Page("placement reviews", "officer", "/placements/{placement}/reviews/"),
    Page("placement attendance", "officer", "/placements/{placement}/attendance/"),
    # LA manager, finance and the Schools Forum
    Page("manager home", "manager", "/"),
    Page("finance home", "finance", "/"),
    Page("forum: key stage snapshot", "forum", "/placements/snapshot/"),
    # Schools
    Page("school user's home", "school", "/"),
    Page("school: approved list", "school", "/providers/approved/"),
    Page("school: pupil list", "school", "/placements/pupils/"),
    Page("school: placement list", "school", "/placements/"),
    Page("school: dashboard", "school", "/placements/dashboard/"),
    # Providers (the busiest one, with hundreds of pupils in AP)
    Page("provider home", "provider", "/"),
    Page("provider's daily register", "provider", "/placements/attendance/{provider}/{today}/"),
    Page("provider: placement list", "provider", "/placements/"),
    Page("provider: dashboard", "provider", "/placements/dashboard/"),
    Page("provider: reviews due", "provider", "/placements/reviews/due/"),
    Page("provider: own record", "provider", "/providers/{provider}/"),
]

"""The pages the benchmark measures: one row per page, as (name, who asks for it, URL).

To measure a new page, add a row. The URL may use {provider} (the busiest provider's id),
{pupil}, {placement} (an active placement), {school} (the benchmark school user's organisation),
{today} (YYYY-MM-DD), {invoice} (one of the busiest provider's invoices), {recoupment} (an
excluding school's reduction), {exclusion} (a permanent exclusion), {plan} (the chosen commissioning
plan) and {pack} (the published Forum pack): benchmarks.load resolves them. Who: a key of
benchmarks.county.BENCHMARK_USERS, or "anonymous".
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
    Page("reference, signed in", "finance", "/benchmark/reference/"),
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
    # The clock: deadlines and reminders
    Page("deadlines", "officer", "/placements/deadlines/"),
    Page("notifications", "officer", "/placements/notifications/"),
    Page("exclusion page", "officer", "/placements/exclusions/{exclusion}/"),
    Page("school: deadlines", "school", "/placements/deadlines/"),
    Page("school: notifications", "school", "/placements/notifications/"),
    Page("provider: deadlines", "provider", "/placements/deadlines/"),
    # Funding (finance officers, and the officers, schools and providers who read it)
    Page("funding home", "finance", "/funding/"),
    Page("funding home, officer", "officer", "/funding/"),
    Page("High Needs Block dashboard", "finance", "/funding/hnb/"),
    Page("HNB budget", "finance", "/funding/hnb/budget/"),
    Page("place funding", "finance", "/funding/places/"),
    Page("top-ups", "finance", "/funding/top-ups/"),
    Page("top-up bands", "finance", "/funding/top-ups/bands/"),
    Page("lump sums", "finance", "/funding/top-ups/lump-sums/"),
    Page("recoupments", "finance", "/funding/recoupment/"),
    Page("per-pupil rates", "finance", "/funding/recoupment/rates/"),
    Page("exclusions to calculate", "finance", "/funding/recoupment/exclusions/"),
    Page("recoupment page", "finance", "/funding/recoupment/{recoupment}/"),
    Page("invoices", "finance", "/funding/invoices/"),
    Page("invoices, waiting", "finance", "/funding/invoices/?status=received"),
    Page("invoice page", "finance", "/funding/invoices/{invoice}/"),
    Page("payment terms", "finance", "/funding/invoices/payment-terms/"),
    Page("contributions", "finance", "/funding/contributions/"),
    Page("equity of access", "finance", "/funding/equity/"),
    Page("school: funding home", "school", "/funding/"),
    Page("school: recoupments", "school", "/funding/recoupment/"),
    Page("school: top-ups", "school", "/funding/top-ups/"),
    Page("school: contributions", "school", "/funding/contributions/"),
    Page("school: equity of access", "school", "/funding/equity/"),
    Page("provider: funding home", "provider", "/funding/"),
    Page("provider: invoices", "provider", "/funding/invoices/"),
    Page("provider: invoice page", "provider", "/funding/invoices/{invoice}/"),
    # Reports (LA staff author them; the Schools Forum reads published packs)
    Page("reports home", "officer", "/reports/"),
    Page("commissioning plans", "finance", "/reports/plans/"),
    Page("commissioning plan page", "finance", "/reports/plans/{plan}/"),
    Page("plans compared", "finance", "/reports/plans/compare/"),
    Page("Forum pack page", "officer", "/reports/packs/{pack}/"),
    Page("improvement plan", "officer", "/reports/improvement/"),
    Page("census", "officer", "/reports/census/"),
    Page("forum: reports home", "forum", "/reports/"),
    Page("forum: Forum pack page", "forum", "/reports/packs/{pack}/"),
]

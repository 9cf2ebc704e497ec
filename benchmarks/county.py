"""The large synthetic county the benchmark measures: a big LA after several years of AP, or a region.

Default size: 1,000 providers, 440 schools, 100,000 pupils, 200,000 placements, about 800,000
status changes, 2,000,000 attendance marks and 20,000 reviews. Rows are written with COPY (a few
minutes on two cores), and follow the rules the services and factories follow:

- UPNs carry a valid check letter; a pupil's key stage on a placement is their key stage on its
  start date, and the site has places for it; Section 19 routes only for pupils of compulsory
  school age on the start date;
- the route's rules resolve the commissioner, funders, registration and home-school attendance
  code as booking does; school requests for LA-commissioned routes go to the panel and carry its
  decision; every status change follows ALLOWED_TRANSITIONS, one StatusChange row per step;
- booked placements carry the provider's rate, weekly and committed cost (placements.costs, with
  the LA's school days); ended placements end on their end date, with an outcome;
- no site is overbooked on any day (each site's places are set to at least its busiest day);
- attendance marks only on the LA's school days within the placement, up to today (the register
  went live some months ago: marks go back as far as the mark budget allows); reviews at the ends
  of half terms with the attendance figures of the marks before them, as review_record stores.

After these, benchmarks.clock and benchmarks.money add the statutory clock's cases and deadlines,
the money (rates, bands, places, recoupments, invoices, committed costs) and the reports' records.
The change history tables (django-simple-history) and the audit log are left empty: no page
reads them. Everything is for one new LA (LA number 994), so building twice adds a second county.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from apcommission.core.calendars import HalfTerm, SchoolCalendar
from apcommission.core.education import academic_year_start
from apcommission.core.models import (
    KeyStage,
    Membership,
    Need,
    Organisation,
    OrganisationKind,
    Role,
    School,
    SchoolPhase,
    SchoolType,
    TermDate,
    TermKind,
    User,
)
from placements.costs import committed_cost, weekly_cost
from placements.models import (
    AttendanceMark,
    Deadline,
    PanelDecision,
    Placement,
    PlacementReview,
    PlacementStatus,
    Pupil,
    Reminder,
    StatusChange,
    attendance_key,
)
from placements.selectors.reviews import next_review_due
from placements.services import routes_ensure_for_la
from placements.upn import check_letter, upn_error_bits
from providers.models import ApprovalStatus, Price, Provider, ProviderType, Site, SiteCapacity, SiteNeed

from .bulk import Ids, copy_rows, jsonb, reset_sequences
from .clock import ClockBuilder
from .equity import build_equity_figures
from .money import build_money
from .papers import build_reports
from .placements import BOOKED_AND_AFTER, PlacementPlan, plan_placements

LA_CODE = "994"
LA_NAME = "Benchmark County Council"
PASSWORD = "benchmark-county-1"  # noqa: S105 - a benchmark database's sign-ins, never production

#: One sign-in per role the benchmark requests pages as (e-mail: <key>@benchmark.invalid).
BENCHMARK_USERS = {
    "officer": Role.LA_OFFICER,
    "manager": Role.LA_MANAGER,
    "finance": Role.LA_FINANCE,
    "forum": Role.FORUM_MEMBER,
    "school": Role.SCHOOL_USER,
    "provider": Role.PROVIDER_USER,
}


@dataclass(frozen=True)
class CountySize:
    providers: int = 1_000
    schools: int = 440
    pupils: int = 100_000
    placements: int = 200_000
    attendance_marks: int = 2_000_000
    reviews: int = 20_000
    #: Share of placements at the first provider: a provider with hundreds of pupils at once.
    big_provider_share: float = 0.03

    def scaled(self, factor: float) -> CountySize:
        return replace(
            self,
            providers=max(3, round(self.providers * factor)),
            schools=max(2, round(self.schools * factor)),
            pupils=max(20, round(self.pupils * factor)),
            placements=max(40, round(self.placements * factor)),
            attendance_marks=max(100, round(self.attendance_marks * factor)),
            reviews=max(10, round(self.reviews * factor)),
        )


@dataclass
class County:
    """What was built, for the load script and the tests."""

    la: Organisation
    today: dt.date
    counts: dict[str, int] = field(default_factory=dict)
    big_provider_id: int = 0
    school_org_id: int = 0
    pupil_id: int = 0
    placement_id: int = 0


# --- calendar -----------------------------------------------------------------------------------

HALF_TERMS = (  # (kind, first month/day, last month/day, first half in the calendar year after)
    (TermKind.AUTUMN_1, (9, 3), (10, 23), False),
    (TermKind.AUTUMN_2, (11, 2), (12, 18), False),
    (TermKind.SPRING_1, (1, 5), (2, 13), True),
    (TermKind.SPRING_2, (2, 23), (3, 27), True),
    (TermKind.SUMMER_1, (4, 13), (5, 22), True),
    (TermKind.SUMMER_2, (6, 1), (7, 21), True),
)


def _weekday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _weekday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday() - 4 if day.weekday() >= 5 else 0)


def half_terms(academic_year: int) -> list[HalfTerm]:
    terms = []
    for kind, (m1, d1), (m2, d2), next_year in HALF_TERMS:
        year = academic_year + 1 if next_year else academic_year
        first = _weekday_on_or_after(dt.date(year, m1, d1))
        last = _weekday_on_or_before(dt.date(year, m2, d2))
        terms.append(HalfTerm(first, last, kind))
    return terms


class SchoolDays:
    """The LA's school days over the whole span, with counts between two dates in O(log n)."""

    def __init__(self, calendar: SchoolCalendar, first: dt.date, last: dt.date):
        self.calendar = calendar
        self.days = calendar.school_days(first, last)

    def between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        return self.days[bisect.bisect_left(self.days, start) : bisect.bisect_right(self.days, end)]

    def count(self, start: dt.date, end: dt.date) -> int:
        return max(0, bisect.bisect_right(self.days, end) - bisect.bisect_left(self.days, start))


# --- the builder --------------------------------------------------------------------------------


class CountyBuilder:
    def __init__(self, *, size: CountySize, today: dt.date, seed: int = 1, stdout=None):
        self.size = size
        self.today = today
        self.random = random.Random(seed)
        self.stdout = stdout
        self.now = timezone.now()
        self.counts: dict[str, int] = {}
        self.began = (time.monotonic(), time.process_time())

    def say(self, message: str) -> None:
        """A step begins: with the seconds since the build began (elapsed, and CPU of this process)."""
        if self.stdout is not None:
            elapsed, cpu = time.monotonic() - self.began[0], time.process_time() - self.began[1]
            self.stdout.write(f"{elapsed:5.0f} s ({cpu:.0f} s CPU)  {message}")

    def build(self) -> County:
        with transaction.atomic():
            self.la = Organisation.objects.create(kind=OrganisationKind.LOCAL_AUTHORITY, la_code=LA_CODE, name=LA_NAME)
            routes_ensure_for_la(local_authority=self.la)
            self.routes = list(self.la.ap_routes.filter(is_active=True).order_by("order", "pk"))
            self.build_calendar()
            self.build_schools()
            self.build_providers()
            self.build_users()
            self.build_pupils()
            self.build_placements()
            self.build_capacities()
            self.build_status_changes()
            self.build_registers_and_reviews()
            # The clock and the money read what is written so far through the services' own
            # queries: without statistics on the new rows PostgreSQL plans them as empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            clock = ClockBuilder(self)
            clock.build_cases()
            build_money(self, clock)
            build_equity_figures(self)
            clock.build_deadlines()
            build_reports(self)
            self.say("Sequences and ANALYZE")
            reset_sequences(
                Organisation, School, Provider, Site, SiteNeed, SiteCapacity, Price, User, Membership, Pupil
            )
            reset_sequences(Placement, StatusChange, PanelDecision, AttendanceMark, PlacementReview, Deadline, Reminder)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        county = County(la=self.la, today=self.today, counts=self.counts)
        county.big_provider_id = self.providers[0][0]
        county.school_org_id = self.busiest_school_org
        county.pupil_id, county.placement_id = self.sample_pupil_id, self.sample_placement_id
        return county

    # --- organisations and people ---------------------------------------------------------------

    def build_calendar(self) -> None:
        first_year = academic_year_start(self.today) - 6
        rows = []
        for year in range(first_year, academic_year_start(self.today) + 2):
            for term in half_terms(year):
                rows.append(
                    TermDate(
                        local_authority=self.la,
                        academic_year=year,
                        kind=term.kind,
                        first_day=term.first_day,
                        last_day=term.last_day,
                    )
                )
        TermDate.objects.bulk_create(rows)
        terms: dict[int, list[HalfTerm]] = {}
        for row in rows:
            terms.setdefault(row.academic_year, []).append(HalfTerm(row.first_day, row.last_day, row.kind))
        self.calendar = SchoolCalendar(la_terms=terms)
        self.school_days = SchoolDays(self.calendar, dt.date(first_year, 9, 1), dt.date(first_year + 8, 8, 31))
        self.first_day = self.today - dt.timedelta(days=5 * 365)

    def build_schools(self) -> None:
        org_ids, school_ids = Ids(Organisation), Ids(School)
        urn_base = 700000 + (Ids(School).next % 1000) * 100
        orgs, schools = [], []
        for i in range(self.size.schools):
            secondary = i % 4 != 0
            org_id, school_id = org_ids.take(), school_ids.take()
            name = f"{_place(i)} {'High School' if secondary else 'Primary School'}"
            orgs.append((org_id, OrganisationKind.SCHOOL, name, self.la.pk, "", self.now, self.now))
            phase, lowest, highest = (SchoolPhase.SECONDARY, 7, 11) if secondary else (SchoolPhase.PRIMARY, 0, 6)
            schools.append(
                (school_id, org_id, f"{urn_base + i:06d}", phase, SchoolType.MAINTAINED, "", "BQ1 1AA", lowest, highest)
            )
            schools[-1] = (*schools[-1], self.now, self.now)
        org_fields = ["id", "kind", "name", "local_authority", "la_code", "created_on", "modified_on"]
        copy_rows(Organisation, org_fields, orgs)
        school_fields = ["id", "organisation", "urn", "phase", "school_type", "trust_name", "postcode"]
        copy_rows(School, [*school_fields, "lowest_year", "highest_year", "created_on", "modified_on"], schools)
        self.schools = [(s[0], s[1], s[3]) for s in schools]  # (school id, organisation id, phase)
        self.counts["schools"] = len(schools)

    def build_providers(self) -> None:
        self.say("Providers, sites, needs and prices")
        org_ids, provider_ids, site_ids = Ids(Organisation), Ids(Provider), Ids(Site)
        orgs, providers, sites, needs, prices = [], [], [], [], []
        self.providers: list[tuple[int, str, list[int]]] = []  # (provider id, status, site ids)
        price_ids, need_ids = Ids(Price), Ids(SiteNeed)
        for i in range(self.size.providers):
            org_id, provider_id = org_ids.take(), provider_ids.take()
            status = _provider_status(i)
            kind = PROVIDER_TYPES[i % len(PROVIDER_TYPES)]
            orgs.append((org_id, OrganisationKind.PROVIDER, f"{_place(i + 7)} Learning {i + 1}", self.la.pk, ""))
            providers.append((provider_id, org_id, kind, status, f"1{provider_id % 10_000_000:07d}"))
            own_sites = []
            for n in range(1 + (i % 3 == 0) + (i % 7 == 0)):
                site_id = site_ids.take()
                own_sites.append(site_id)
                district = f"BQ{1 + (i + n) % 20}"
                sites.append((site_id, provider_id, f"{_place(i + n)} centre", f"{district} 2AB", district, True))
                for need in NEED_SETS[(i + n) % len(NEED_SETS)]:
                    needs.append((need_ids.take(), site_id, need))
            unit, amount = PRICES[i % len(PRICES)]
            prices.append((price_ids.take(), provider_id, None, unit, amount, self.first_day - dt.timedelta(days=400)))
            self.providers.append((provider_id, status, own_sites))
        stamp = (self.now, self.now)
        copy_rows(
            Organisation,
            ["id", "kind", "name", "local_authority", "la_code", "created_on", "modified_on"],
            [(*o, *stamp) for o in orgs],
        )
        copy_rows(
            Provider,
            ["id", "organisation", "provider_type", "status", "ukprn", "created_on", "modified_on"],
            [(*p, *stamp) for p in providers],
        )
        copy_rows(
            Site,
            ["id", "provider", "name", "postcode", "postcode_district", "is_active", "created_on", "modified_on"],
            [(*s, *stamp) for s in sites],
        )
        copy_rows(SiteNeed, ["id", "site", "need"], needs)
        copy_rows(
            Price,
            ["id", "provider", "site", "unit", "amount", "effective_from", "created_on", "modified_on"],
            [(*p, *stamp) for p in prices],
        )
        self.price_of = {p[1]: (p[0], p[3], p[4]) for p in prices}
        self.counts.update(providers=len(providers), sites=len(sites))

    def build_users(self) -> None:
        password = make_password(PASSWORD)
        self.users: dict[str, int] = {}
        school_org = self.schools[1][1] if len(self.schools) > 1 else self.schools[0][1]
        self.busiest_school_org = school_org
        provider_org = Provider.objects.get(pk=self.providers[0][0]).organisation_id
        organisation = {"school": school_org, "provider": provider_org, "forum": self.la.pk}
        for key, role in BENCHMARK_USERS.items():
            email = f"{key}+{self.la.pk}@benchmark.invalid"
            user = User.objects.create(email=email, full_name=f"Benchmark {key.title()}", password=password)
            Membership.objects.create(user=user, organisation_id=organisation.get(key, self.la.pk), role=role)
            self.users[key] = user.pk

    def build_pupils(self) -> None:
        self.say(f"{self.size.pupils:,} pupils")
        ids = Ids(Pupil)
        first, last = FIRST_NAMES, LAST_NAMES
        rows, self.pupils = [], []  # (pupil id, date of birth, home school id or None, sen, looked after)
        year_now = academic_year_start(self.today)
        for i in range(self.size.pupils):
            pupil_id = ids.take()
            nc_year_now = self.random.randint(3, 16)
            cohort = year_now - nc_year_now - 5  # academic year of birth
            born = dt.date(cohort, 9, 1) + dt.timedelta(days=self.random.randrange(365))
            school = self.schools[self.random.randrange(len(self.schools))] if i % 50 else None
            sen = SEN_STATUSES[self.random.randrange(len(SEN_STATUSES))]
            looked_after = self.random.random() < 0.06
            rest = f"{LA_CODE}{2000 + (pupil_id // 1000) % 8000:04d}{26:02d}{pupil_id % 1000:03d}"
            upn = check_letter(rest) + rest
            rows.append(
                (
                    pupil_id,
                    upn,
                    upn_error_bits(upn),  # as pupil_create stores it
                    first[self.random.randrange(len(first))],
                    last[self.random.randrange(len(last))],
                    "",
                    "",
                    born,
                    "F" if self.random.random() < 0.4 else "M",
                    sen,
                    looked_after,
                    self.random.random() < 0.55,
                    school[0] if school else None,
                    self.la.pk,
                    self.now,
                    self.now,
                )
            )
            self.pupils.append((pupil_id, born, school[0] if school else None, sen, looked_after))
        fields = ["id", "upn", "upn_problems", "legal_first_name", "legal_last_name"]
        fields += ["preferred_first_name", "preferred_last_name"]
        fields += ["date_of_birth", "sex", "sen_status", "looked_after", "pupil_premium", "home_school", "home_la"]
        self.counts["pupils"] = copy_rows(Pupil, [*fields, "created_on", "modified_on"], rows)
        self.sample_pupil_id = rows[len(rows) // 2][0]

    # --- placements -------------------------------------------------------------------------

    def build_placements(self) -> None:
        self.say(f"{self.size.placements:,} placements")
        self.plans: list[PlacementPlan] = plan_placements(self)
        fields = [
            "id", "pupil", "route", "route_snapshot", "commissioner", "lump_sum_funder", "top_up_funder",
            "registration", "main_setting", "home_school_attendance_code", "requires_panel", "provider", "site",
            "key_stage", "needs", "start_date", "end_date", "sessions_per_week", "attendance_pattern", "objectives",
            "reintegration_plan", "status", "requesting_school", "requested_by", "submission_token", "price",
            "rate_unit", "rate_amount", "weekly_cost", "committed_cost", "booked_at", "waiting_since", "outcome",
            "outcome_detail", "ended_on", "created_on", "modified_on",
        ]  # fmt: skip
        self.counts["placements"] = copy_rows(Placement, fields, (self.placement_row(p) for p in self.plans))
        active = [p for p in self.plans if p.status == PlacementStatus.ACTIVE]
        self.sample_placement_id = (active or self.plans)[len(active or self.plans) // 2].id

    def placement_row(self, plan: PlacementPlan) -> tuple:
        route = plan.route
        rate = self.rate(plan) if plan.status in BOOKED_AND_AFTER else (None, "", None, None, None)
        return (
            plan.id, plan.pupil_id, route.pk, jsonb(route.rules_snapshot()), plan.commissioner, plan.lump_sum_funder,
            plan.top_up_funder, plan.registration, plan.main_setting, plan.attendance_code, plan.requires_panel,
            plan.provider_id, plan.site_id, plan.key_stage, jsonb(plan.needs), plan.start, plan.end, plan.sessions,
            plan.pattern, "Re-engage with learning and attend every session.", plan.reintegration_plan, plan.status,
            plan.requesting_school_id, self.users["school"] if plan.requesting_school_id else self.users["officer"],
            uuid.UUID(int=self.random.getrandbits(128), version=4), *rate,
            plan.at(plan.booked_on) if plan.booked_on else None,
            plan.at(plan.waiting_on) if plan.waiting_on else None, plan.outcome, "", plan.ended_on,
            plan.at(plan.requested_on), plan.at(plan.last_change_on),
        )  # fmt: skip

    def rate(self, plan: PlacementPlan) -> tuple:
        price_id, unit, amount = self.price_of[plan.provider_id]
        weekly = weekly_cost(unit=unit, amount=amount, sessions_per_week=plan.sessions)
        committed = committed_cost(weekly=weekly, school_days=self.school_days.count(plan.start, plan.end))
        return price_id, unit, amount, weekly, committed

    def build_capacities(self) -> None:
        """Each site's places for each key stage: at least its busiest day (booked and active
        placements), so no day is overbooked; a site with a waiting list is full."""
        taken: dict[tuple[int, str], list[tuple[dt.date, int]]] = {}
        waiting: set[tuple[int, str]] = set()
        for plan in self.plans:
            if plan.status in (PlacementStatus.BOOKED, PlacementStatus.ACTIVE):
                events = taken.setdefault((plan.site_id, plan.key_stage), [])
                events += [(plan.start, 1), (plan.end + dt.timedelta(days=1), -1)]
            elif plan.status == PlacementStatus.WAITING_LIST:
                waiting.add((plan.site_id, plan.key_stage))
        rows, ids = [], Ids(SiteCapacity)
        for _provider_id, _status, site_ids in self.providers:
            for site_id in site_ids:
                for key_stage in SITE_KEY_STAGES:
                    peak = _peak(taken.get((site_id, key_stage), []))
                    full = (site_id, key_stage) in waiting
                    places = max(peak, 1) if full else max(peak + self.random.randint(1, 4), 6)
                    rows.append((ids.take(), site_id, key_stage, places))
        copy_rows(SiteCapacity, ["id", "site", "key_stage", "places"], rows)

    def build_status_changes(self) -> None:
        self.say("Status changes and panel decisions")
        change_ids, decision_ids = Ids(StatusChange), Ids(PanelDecision)
        changes, decisions = [], []
        officer = self.users["officer"]
        for plan in self.plans:
            for from_status, to_status, on, note in plan.steps():
                by = officer if plan.requires_panel or not plan.requesting_school_id else self.users["school"]
                changes.append((change_ids.take(), plan.id, from_status, to_status, plan.at(on), by, note))
            for decision, on in plan.panel_decisions():
                reasons = PANEL_REASONS[decision]
                decisions.append((decision_ids.take(), plan.id, decision, reasons, on, officer, plan.at(on)))
        fields = ["id", "placement", "from_status", "to_status", "at", "by", "note"]
        self.counts["status_changes"] = copy_rows(StatusChange, fields, changes)
        fields = ["id", "placement", "decision", "reasons", "decision_date", "decided_by", "recorded_at"]
        self.counts["panel_decisions"] = copy_rows(PanelDecision, fields, decisions)

    # --- registers and reviews ----------------------------------------------------------------

    def register_start(self, in_ap: list[PlacementPlan]) -> dt.date:
        """The day the register went live: as far back as the mark budget allows."""
        days = self.school_days.between(self.first_day, self.today)
        low, high = 0, len(days) - 1
        while low < high:  # the earliest day whose marks fit the budget
            middle = (low + high) // 2
            marks = sum(2 * self.school_days.count(max(p.start, days[middle]), min(p.end, self.today)) for p in in_ap)
            if marks > self.size.attendance_marks:
                low = middle + 1
            else:
                high = middle
        return days[low] if days else self.today

    def build_registers_and_reviews(self) -> None:
        in_ap = [p for p in self.plans if p.status in WAS_IN_AP and p.start <= self.today]
        in_ap.sort(key=lambda p: p.start, reverse=True)
        self.marks_from = self.register_start(in_ap)
        self.say(f"Attendance marks from {self.marks_from:%d/%m/%Y} and reviews")
        self.review_rows: list[tuple] = []
        self.alert_rows: list[tuple] = []
        self.alert_reminder_rows: list[tuple] = []
        self.review_ids, self.alert_ids, self.alert_reminder_ids = Ids(PlacementReview), Ids(Deadline), Ids(Reminder)
        mark_ids = Ids(AttendanceMark)
        fields = ["id", "placement", "date", "session", "mark", "reason", "recorded_by", "recorded_at"]
        marks = (row for plan in in_ap for row in self.placement_register(plan, mark_ids))
        self.counts["attendance_marks"] = copy_rows(AttendanceMark, [*fields, "created_on", "modified_on"], marks)
        fields = ["id", "placement", "review_date", "attendees", "progress", "pupil_what_is_working"]
        fields += ["pupil_what_should_change", "sessions_possible", "sessions_attended", "attendance_percent"]
        fields += ["decision", "decision_notes", "next_review_due", "recorded_by", "submission_token"]
        self.counts["reviews"] = copy_rows(PlacementReview, [*fields, "created_on", "modified_on"], self.review_rows)
        # Today's missing-pupil alerts: each session's attendance cut-off and its reminder.
        fields = ["id", "key", "kind", "holder", "holder_organisation", "officers_told", "local_authority"]
        fields += ["pupil", "placement", "starts_on", "due_on", "remind_from", "ends_on", "detail"]
        self.counts["attendance_alerts"] = copy_rows(Deadline, [*fields, "created_on", "modified_on"], self.alert_rows)
        # Each cut-off keeps its pupil's last name and its register's provider, as the alert sweep
        # writes them.
        Deadline.objects.filter(kind="attendance", local_authority=self.la).update(
            pupil_sort_name=Subquery(Pupil.objects.filter(pk=OuterRef("pupil_id")).values("legal_last_name")[:1]),
            register_provider=Subquery(Placement.objects.filter(pk=OuterRef("placement_id")).values("provider_id")[:1]),
        )
        fields = ["id", "deadline", "recipient", "stage", "created_at", "claimed_at", "batch", "emailed_at"]
        copy_rows(Reminder, fields, self.alert_reminder_rows)

    def placement_register(self, plan: PlacementPlan, ids: Ids):
        """The placement's marks (yielded for COPY) and its reviews (kept for their own COPY)."""
        days = self.school_days.between(max(plan.start, self.marks_from), min(plan.end, self.today))
        reviews = self.review_dates(plan) if len(self.review_rows) < self.size.reviews else []
        tally: list[tuple[dt.date, int, int]] = []  # (day, possible, attended) so far
        possible = attended = 0
        recorder = self.users["provider"] if plan.provider_id == self.providers[0][0] else None
        propensity = 0.97 if plan.id % 5 else 0.8
        for day in days:
            for session in ("am", "pm"):
                if day == self.today and (session == "pm" or plan.id % 10 == 0):
                    if session == "am":
                        self.alert(plan, day)
                    continue
                mark = _mark(self.random, propensity)
                possible += mark != "not_required"
                attended += mark in ("present", "late")
                reason = "Unwell" if mark == "authorised" else ""
                at = plan.at(day, hour=9)
                yield (ids.take(), plan.id, day, session, mark, reason, recorder, at, at, at)
            tally.append((day, possible, attended))
        for review_date, due in reviews:
            index = bisect.bisect_left(tally, (review_date,))
            before = tally[index - 1] if index else (None, 0, 0)
            self.review(plan, review_date, due, before[1], before[2])

    def review_dates(self, plan: PlacementPlan) -> list[tuple[dt.date, dt.date]]:
        """Reviews by each due date (half-termly), the last one skipped for some active placements
        so that reviews fall overdue as they do in life. [(review date, next due), ...]"""
        last_day = min(plan.end, self.today)
        dates, last = [], None
        while True:
            due = next_review_due(calendar=self.calendar, start_date=plan.start, last_review=last)
            review_date = max(plan.start, due - dt.timedelta(days=self.random.randint(0, 10)))
            if review_date > last_day or (last is not None and review_date <= last):
                break
            dates.append(review_date)
            last = review_date
        if plan.status == PlacementStatus.ACTIVE and dates and plan.id % 6 == 0:
            dates.pop()
        return [(day, next_review_due(calendar=self.calendar, start_date=plan.start, last_review=day)) for day in dates]

    def review(self, plan: PlacementPlan, review_date: dt.date, due: dt.date, possible: int, attended: int) -> None:
        percent = (Decimal(attended) * 100 / possible).quantize(Decimal("0.1")) if possible else None
        final = plan.status != PlacementStatus.ACTIVE and review_date >= plan.end - dt.timedelta(days=10)
        at = plan.at(review_date, hour=15)
        self.review_rows.append(
            (
                self.review_ids.take(), plan.id, review_date, "Officer (LA)\nKey worker (provider)\nParent",
                "Good progress in English and maths; attendance improving.", "The staff listen to me.",
                "More time outdoors.", possible, attended, percent, "end" if final else "continue", "",
                due, self.users["officer"], uuid.UUID(int=self.random.getrandbits(128), version=4), at, at,
            )
        )  # fmt: skip

    def alert(self, plan: PlacementPlan, day: dt.date) -> None:
        at = plan.at(day, hour=10, minute=30)
        deadline_id = self.alert_ids.take()
        self.alert_rows.append(
            (
                deadline_id, attendance_key(plan.id, day, "am"), "attendance", "la", self.la.pk, True, self.la.pk,
                plan.pupil_id, plan.id, day, day, day, day, "No attendance mark", at, at,
            )
        )  # fmt: skip
        self.alert_reminder_rows.append(
            (self.alert_reminder_ids.take(), deadline_id, self.users["officer"], "missing", at, at, uuid.uuid4(), at)
        )


WAS_IN_AP = frozenset({PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN})
SITE_KEY_STAGES = (KeyStage.KS1, KeyStage.KS2, KeyStage.KS3, KeyStage.KS4, KeyStage.KS5)
PROVIDER_TYPES = (
    *[ProviderType.REGISTERED_INDEPENDENT_AP] * 8,
    *[ProviderType.NON_SCHOOL_AP] * 5,
    ProviderType.ONLINE,
    ProviderType.LA_TUITION,
    ProviderType.PRU,
    ProviderType.FE_COLLEGE,
    ProviderType.SPECIAL,
    ProviderType.INDEPENDENT_SCHOOL,
    ProviderType.AP_ACADEMY,
)
NEED_SETS = (
    (Need.SEMH,),
    (Need.SEMH, Need.ANXIETY_EBSA),
    (Need.VOCATIONAL,),
    (Need.MEDICAL, Need.ONLINE),
    (Need.TUITION, Need.OUTREACH),
    (Need.SEMH, Need.VOCATIONAL),
)
PRICES = (
    ("day", Decimal("95.00")),
    ("session", Decimal("48.50")),
    ("week", Decimal("420.00")),
    ("hour", Decimal("32.00")),
    ("place_year", Decimal("18000.00")),
)
SEN_STATUSES = ("none", "none", "none", "sen_support", "sen_support", "ehcp")
PANEL_REASONS = {
    "approve": "Meets the criteria for an LA-commissioned placement.",
    "decline": "The school's own support has not yet been tried.",
    "more_information": "Please send the latest attendance and the support plan.",
}
FIRST_NAMES = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Willow",
    "Freya",
    "Florence",
    "Emily",
    "Ella",
    "Poppy",
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Harry",
    "Leo",
    "Muhammad",
    "Jack",
    "Charlie",
    "Oscar",
    "Jacob",
    "Henry",
    "Thomas",
    "Freddie",
    "Alfie",
    "Theo",
    "William",
    "Theodore",
    "Archie",
    "Joshua",
    "Alexander",
    "James",
    "Isaac",
    "Edward",
    "Lucas",
    "Tommy",
    "Finley",
    "Max",
    "Logan",
    "Ethan",
    "Mohammed",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Thomas",
    "Clarke",
    "Jackson",
    "Wood",
    "Harris",
    "Edwards",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Hughes",
    "Moore",
    "Clark",
    "King",
    "Harrison",
    "Lewis",
    "Baker",
    "Lee",
    "Allen",
    "Morris",
    "Khan",
    "Scott",
    "Watson",
    "Davis",
    "Parker",
    "James",
    "Bennett",
    "Young",
    "Phillips",
    "Richardson",
    "Mitchell",
    "Bailey",
    "Carter",
    "Cook",
    "Singh",
    "Shaw",
    "Bell",
    "Collins",
    "Morgan",
    "Kelly",
    "Begum",
    "Miller",
    "Cox",
    "Hussain",
    "Marshall",
]
PLACES = [
    "Ashby",
    "Brampton",
    "Colwell",
    "Dunmore",
    "Elstead",
    "Farleigh",
    "Gorsley",
    "Hadleigh",
    "Ilston",
    "Kenton",
    "Langley",
    "Marden",
    "Norley",
    "Oxted",
    "Pelham",
    "Quarley",
    "Radwell",
    "Selby",
    "Thornby",
    "Upton",
    "Varley",
    "Welby",
    "Yarwell",
]


def _place(i: int) -> str:
    return PLACES[i % len(PLACES)] + ("" if i < len(PLACES) else f" {i // len(PLACES) + 1}")


def _provider_status(i: int) -> str:
    if i == 0:
        return ApprovalStatus.APPROVED
    return (
        *[ApprovalStatus.APPROVED] * 16,
        ApprovalStatus.APPROVED_WITH_CONDITIONS,
        ApprovalStatus.SUSPENDED,
        ApprovalStatus.DECOMMISSIONED,
        ApprovalStatus.UNDER_REVIEW,
    )[i % 20]


def _peak(events: list[tuple[dt.date, int]]) -> int:
    peak = current = 0
    for _day, change in sorted(events, key=lambda e: (e[0], e[1])):
        current += change
        peak = max(peak, current)
    return peak


def _mark(rng: random.Random, propensity: float) -> str:
    roll = rng.random()
    if roll < propensity - 0.03:
        return "present"
    if roll < propensity:
        return "late"
    if roll < propensity + (1 - propensity) * 0.1:
        return "not_required"
    return "authorised" if roll < propensity + (1 - propensity) * 0.5 else "unauthorised"


def build_county(*, size: CountySize | None = None, today: dt.date | None = None, seed: int = 1, stdout=None):
    """Build the county in one transaction; returns what was built (ids the load script uses)."""
    builder = CountyBuilder(size=size or CountySize(), today=today or timezone.localdate(), seed=seed, stdout=stdout)
    return builder.build()


__all__ = ["BENCHMARK_USERS", "PASSWORD", "County", "CountySize", "build_county"]

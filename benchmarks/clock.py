"""The benchmark county's statutory clock: the cases it counts from (permanent exclusions, suspensions,
health absences, providers' QA reviews and compliance documents), then every deadline the clock
keeps for the currently open cases, and reminders for a share of them.

Deadlines are worked out by the services' own spec functions (placements.services.deadlines,
placement_deadlines, provider_deadlines) and deadline_store.row_values, with unsaved model
instances standing in for the rows just written, and COPYed: the rows are those
`deadlines_refresh` and `provider_deadlines_refresh` would store (the tests check a sample), for
every pupil with an active placement or an exclusion or absence, and every provider still
commissioned. Each active placement's review_due_by is set as review_schedule_refresh sets it, so
the figures refresh finds nothing to change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from apcommission.core.education import academic_year_start, national_curriculum_year
from apcommission.core.models import School
from placements import conf as placements_conf
from placements.models import (
    Deadline,
    DeadlineStatus,
    DutyHolder,
    Exclusion,
    ExclusionKind,
    ExclusionReason,
    HealthAbsence,
    Placement,
    PlacementStatus,
    Pupil,
    Reminder,
    ReminderStage,
    RouteCode,
)
from placements.selectors import next_review_due
from placements.services.deadline_store import row_values
from placements.services.deadlines import PROVIDING_STATUSES, _exclusion_specs, _health_specs
from placements.services.placement_deadlines import placement_specs
from placements.services.provider_deadlines import _document_specs, _qa_specs
from providers.choices import DocumentKind, QAOutcome
from providers.models import ApprovalStatus, ComplianceDocument, Provider, QAReview

from .bulk import Ids, copy_rows, reset_sequences

if TYPE_CHECKING:  # pragma: no cover
    from .county import CountyBuilder

#: Shares of pupils: permanently excluded (most placed on the permanent exclusion route), suspended,
#: absent for health reasons; and of open deadlines with a reminder sent.
EXCLUDED_SHARE = 0.03
SUSPENDED_SHARE = 0.01
HEALTH_SHARE = 0.005
REMINDED_EVERY = 3
LAST_SCHOOL_YEAR = 11
REASONS = tuple(ExclusionReason.values)
DOCUMENT_KINDS = (DocumentKind.INSURANCE, DocumentKind.SAFEGUARDING_LETTER, DocumentKind.DBS_CONFIRMATION)


class SameCalendar(dict):
    """Every (school, LA) key to the LA's one calendar: the county has no school's own term dates
    and no closures, so calendars_for would give each key the same days."""

    def __init__(self, calendar):
        super().__init__()
        self.calendar = calendar

    def __missing__(self, key):
        return self.calendar


class ClockBuilder:
    def __init__(self, builder: CountyBuilder):
        self.b = builder
        self.rng = builder.random
        self.today = builder.today
        self.calendar = builder.calendar
        self.calendars = SameCalendar(builder.calendar)
        self.schools = {
            s.pk: s
            for s in School.objects.filter(pk__in=[s[0] for s in builder.schools]).select_related("organisation")
        }
        self.pupil_of = {p[0]: p for p in builder.pupils}  # (id, born, home school id, sen, looked after)
        self.providing: dict[int, list] = defaultdict(list)  # pupil id: plans that count as provision
        for plan in builder.plans:
            if plan.status in PROVIDING_STATUSES:
                self.providing[plan.pupil_id].append(plan)

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def past_school(self, born: dt.date) -> bool:
        """Past Year 11 today: no longer on a school's roll to be excluded from or absent from."""
        return national_curriculum_year(born, self.today) > LAST_SCHOOL_YEAR

    # --- the cases ------------------------------------------------------------------------------

    def build_cases(self) -> None:
        """Exclusions, suspensions and health absences of pupils, QA reviews and documents of
        providers: what the deadlines are worked out from (and recoupment, for exclusions)."""
        self.b.say("Exclusions, suspensions, health absences, QA reviews and compliance documents")
        self.exclusions: list[Exclusion] = []
        self.absences: list[HealthAbsence] = []
        ids = Ids(Exclusion)
        officer = self.b.users["officer"]
        excluded = self.permanent_exclusions(ids, officer)
        self.suspensions(ids, officer, excluded)
        fields = ["id", "pupil", "school", "kind", "first_day", "school_days", "reason", "removed_from_roll_on"]
        rows = [
            (
                e.pk,
                e.pupil_id,
                e.school_id,
                e.kind,
                e.first_day,
                e.school_days,
                e.reason,
                e.removed_from_roll_on,
                officer,
                uuid.UUID(int=self.rng.getrandbits(128), version=4),
                *[self.at(e.first_day)] * 2,
            )
            for e in self.exclusions
        ]
        self.b.counts["exclusions"] = copy_rows(
            Exclusion, [*fields, "recorded_by", "submission_token", "created_on", "modified_on"], rows
        )
        self.health_absences()
        self.provider_records()

    def permanent_exclusions(self, ids: Ids, officer: int) -> set[int]:
        """Pupils placed on the permanent exclusion route in the last two years, excluded a few school
        days before the placement starts (most by day 6, some later), and a few excluded in the last
        fortnight with nothing arranged yet: the open day-6 duties, some overdue."""
        wanted = round(len(self.b.pupils) * EXCLUDED_SHARE)
        since = self.today - dt.timedelta(days=730)
        chosen: set[int] = set()
        for plan in self.b.plans:
            if len(chosen) >= wanted - max(2, wanted // 20):
                break
            _pupil, born, school, _sen, _looked_after = self.pupil_of[plan.pupil_id]
            if (
                national_curriculum_year(born, plan.start) > LAST_SCHOOL_YEAR
                or plan.route.code != RouteCode.PERMANENT_EXCLUSION
                or plan.status not in PROVIDING_STATUSES
                or school is None
                or plan.pupil_id in chosen
                or not since <= plan.start <= self.today
            ):
                continue
            days_before = self.rng.randint(1, 5) if plan.id % 8 else self.rng.randint(6, 12)
            first_day = self.calendar.add_school_days(plan.start, -days_before)
            self.add_exclusion(ids, plan.pupil_id, school, first_day, permanent=True)
            chosen.add(plan.pupil_id)
        for pupil_id, born, school, _sen, _looked_after in self.b.pupils:
            if len(chosen) >= wanted:
                break
            if school is None or pupil_id in chosen or self.providing.get(pupil_id) or self.past_school(born):
                continue
            first_day = self.calendar.add_school_days(self.today, -self.rng.randint(0, 9))
            self.add_exclusion(ids, pupil_id, school, first_day, permanent=True)
            chosen.add(pupil_id)
        return chosen

    def add_exclusion(
        self,
        ids: Ids,
        pupil_id: int,
        school_id: int,
        first_day: dt.date,
        *,
        permanent: bool,
        school_days: int | None = None,
    ) -> None:
        off_roll = first_day + dt.timedelta(days=14) if permanent else None
        self.exclusions.append(
            Exclusion(
                pk=ids.take(),
                pupil_id=pupil_id,
                school=self.schools[school_id],
                kind=ExclusionKind.PERMANENT if permanent else ExclusionKind.SUSPENSION,
                first_day=first_day,
                school_days=None if permanent else school_days,
                reason=REASONS[self.rng.randrange(len(REASONS))],
                removed_from_roll_on=off_roll if off_roll and off_roll <= self.today else None,
            )
        )

    def suspensions(self, ids: Ids, officer: int, excluded: set[int]) -> None:
        """Suspensions of one to ten school days in the last term (six or more put a day-6 duty on
        the school)."""
        wanted = round(len(self.b.pupils) * SUSPENDED_SHARE)
        taken = 0
        for pupil_id, born, school, _sen, _looked_after in reversed(self.b.pupils):
            if taken >= wanted:
                break
            if school is None or pupil_id in excluded or self.past_school(born):
                continue
            first_day = self.calendar.add_school_days(self.today, -self.rng.randint(0, 60))
            days = self.rng.randint(6, 10) if taken % 2 == 0 else self.rng.randint(1, 5)  # half owe day 6
            self.add_exclusion(ids, pupil_id, school, first_day, permanent=False, school_days=days)
            taken += 1

    def health_absences(self) -> None:
        """Absences for health reasons this academic year; over 15 school days the LA must arrange
        education."""
        wanted = round(len(self.b.pupils) * HEALTH_SHARE)
        year_start = dt.date(academic_year_start(self.today), 9, 1)
        ids, rows = Ids(HealthAbsence), []
        for pupil_id, born, school, _sen, _looked_after in self.b.pupils[len(self.b.pupils) // 3 :]:
            if len(rows) >= wanted:
                break
            if school is None or self.past_school(born):
                continue
            first_day = self.calendar.add_school_days(self.today, -self.rng.randint(5, 50))
            if first_day < year_start:
                continue
            absence = HealthAbsence(
                pk=ids.take(),
                pupil_id=pupil_id,
                school=self.schools[school],
                first_day=first_day,
                school_days=self.rng.randint(16, 25) if len(rows) % 2 == 0 else self.rng.randint(3, 15),
            )
            self.absences.append(absence)
            at = self.at(first_day)
            rows.append(
                (
                    absence.pk,
                    pupil_id,
                    school,
                    first_day,
                    absence.school_days,
                    "Anxiety; under CAMHS",
                    self.b.users["school"],
                    uuid.UUID(int=self.rng.getrandbits(128), version=4),
                    at,
                    at,
                )
            )
        fields = ["id", "pupil", "school", "first_day", "school_days", "reason_detail", "recorded_by"]
        self.b.counts["health_absences"] = copy_rows(
            HealthAbsence, [*fields, "submission_token", "created_on", "modified_on"], rows
        )

    def provider_records(self) -> None:
        """Each provider's last two QA reviews (the earlier met by the later; about one in eight of the
        latest past its next review date) and its compliance documents (one expired and renewed,
        the renewal and the others expiring over the coming year or lately expired)."""
        officer, manager, provider_user = (self.b.users[k] for k in ("officer", "manager", "provider"))
        review_ids, document_ids = Ids(QAReview), Ids(ComplianceDocument)
        self.qa_reviews: dict[int, list[QAReview]] = defaultdict(list)
        self.documents: dict[int, list[ComplianceDocument]] = defaultdict(list)
        reviews, documents = [], []
        for index, (provider_id, _status, _sites) in enumerate(self.b.providers):
            latest = self.today - dt.timedelta(days=self.rng.randint(20, 330) + (60 if index % 8 == 0 else 0))
            for reviewed_on in (latest - dt.timedelta(days=365), latest):
                review = QAReview(
                    pk=review_ids.take(),
                    provider_id=provider_id,
                    reviewed_on=reviewed_on,
                    next_review_date=reviewed_on + dt.timedelta(days=365),
                )
                self.qa_reviews[provider_id].append(review)
                at = self.at(reviewed_on, 15)
                reviews.append(
                    (
                        review.pk,
                        provider_id,
                        officer,
                        reviewed_on,
                        QAOutcome.APPROVE,
                        "Meets the standard.",
                        review.next_review_date,
                        manager,
                        at,
                        uuid.UUID(int=self.rng.getrandbits(128), version=4),
                        at,
                        at,
                    )
                )
            for n, kind in enumerate(DOCUMENT_KINDS):
                issued = self.today - dt.timedelta(days=self.rng.randint(10, 400))
                expires = issued + dt.timedelta(days=365)
                spells = [(issued - dt.timedelta(days=365), issued - dt.timedelta(days=1)), (issued, expires)]
                for first, last in spells if n == 0 else spells[1:]:
                    document = ComplianceDocument(
                        pk=document_ids.take(),
                        provider_id=provider_id,
                        kind=kind,
                        issued_on=first,
                        expires_on=last,
                        created_on=self.at(first, 9),
                    )
                    self.documents[provider_id].append(document)
                    name = f"{kind}-{document.pk}.pdf"
                    documents.append(
                        (
                            document.pk,
                            provider_id,
                            kind,
                            "",
                            first,
                            last,
                            f"benchmark/{name}",
                            name,
                            120_000,
                            provider_user,
                            document.created_on,
                            document.created_on,
                        )
                    )
        fields = ["id", "provider", "author", "reviewed_on", "outcome", "summary", "next_review_date", "moderated_by"]
        fields += ["moderated_at", "submission_key", "created_on", "modified_on"]
        self.b.counts["qa_reviews"] = copy_rows(QAReview, fields, reviews)
        fields = ["id", "provider", "kind", "title", "issued_on", "expires_on", "file", "original_name", "size"]
        fields += ["uploaded_by", "created_on", "modified_on"]
        self.b.counts["compliance_documents"] = copy_rows(ComplianceDocument, fields, documents)

    # --- the deadlines --------------------------------------------------------------------------

    def build_deadlines(self) -> None:
        """Review due dates on active placements, then every deadline of the open cases, then the
        reminders of a share of those open and due for reminding."""
        self.b.say("Review due dates, deadlines and reminders")
        reviews: dict[int, list[dt.date]] = defaultdict(list)
        for row in self.b.review_rows:
            reviews[row[1]].append(row[2])
        self.review_due_dates(reviews)
        pupils = {plan.pupil_id for plan in self.b.plans if plan.status == PlacementStatus.ACTIVE}
        pupils |= {e.pupil_id for e in self.exclusions} | {a.pupil_id for a in self.absences}
        rows = self.pupil_deadlines(sorted(pupils), reviews) + self.provider_deadlines()
        ids = Ids(Deadline)
        written = [(ids.take(), key, values) for key, values in rows]
        fields = [
            "id",
            "key",
            *(name.removesuffix("_id") for name in DEADLINE_VALUE_NAMES),
            "created_on",
            "modified_on",
        ]
        self.b.counts["deadlines"] = copy_rows(
            Deadline,
            fields,
            (
                (
                    deadline_id,
                    key,
                    *(values[name] for name in DEADLINE_VALUE_NAMES),
                    self.at(values["starts_on"]),
                    self.b.now,
                )
                for deadline_id, key, values in written
            ),
        )
        self.reminders(written)
        reset_sequences(Exclusion, HealthAbsence, QAReview, ComplianceDocument, Placement)

    def review_due_dates(self, reviews: dict[int, list[dt.date]]) -> None:
        """Placement.review_due_by for each active placement, as review_schedule_refresh works it out."""
        self.review_due = {
            plan.id: next_review_due(calendar=self.calendar, start_date=plan.start, last_review=max(reviews[plan.id]))
            if reviews.get(plan.id)
            else next_review_due(calendar=self.calendar, start_date=plan.start, last_review=None)
            for plan in self.b.plans
            if plan.status == PlacementStatus.ACTIVE
        }
        table = connection.ops.quote_name(Placement._meta.db_table)
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS benchmark_review_due (id bigint, due date)")
            cursor.execute("TRUNCATE benchmark_review_due")
            with cursor.copy("COPY benchmark_review_due (id, due) FROM STDIN") as copy:
                for row in self.review_due.items():
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} p SET review_due_by = d.due FROM benchmark_review_due d WHERE p.id = d.id"  # noqa: S608
            )

    def stand_in(self, plan, pupils: dict[int, Pupil], providers: dict[int, Provider], snapshots: dict) -> Placement:
        """An unsaved placement with what the deadline specs read of it."""
        return Placement(
            pk=plan.id,
            pupil=pupils[plan.pupil_id],
            provider=providers[plan.provider_id],
            route_id=plan.route.pk,
            route_snapshot=snapshots[plan.route.pk],
            commissioner=plan.commissioner,
            status=plan.status,
            start_date=plan.start,
            end_date=plan.end,
            ended_on=plan.ended_on,
            outcome=plan.outcome,
            review_due_by=self.review_due.get(plan.id),
        )

    def pupil_deadlines(self, pupil_ids: list[int], reviews: dict[int, list[dt.date]]) -> list[tuple[str, dict]]:
        """As deadlines_refresh works out and stores them for these pupils (its spec functions)."""
        la = self.b.la.pk
        pupils = {}
        for pupil_id in pupil_ids:
            school = self.pupil_of[pupil_id][2]
            pupils[pupil_id] = Pupil(pk=pupil_id, home_la_id=la, home_school=self.schools[school] if school else None)
        providers = {
            p.pk: p
            for p in Provider.objects.filter(pk__in=[p[0] for p in self.b.providers]).select_related("organisation")
        }
        snapshots = {route.pk: route.rules_snapshot() for route in self.b.routes}
        placements = {
            pupil_id: [self.stand_in(plan, pupils, providers, snapshots) for plan in self.providing.get(pupil_id, [])]
            for pupil_id in pupil_ids
        }
        exclusions, absences = defaultdict(list), defaultdict(list)
        for exclusion in self.exclusions:
            exclusions[exclusion.pupil_id].append(exclusion)
        for absence in self.absences:
            absences[absence.pupil_id].append(absence)
        rows = []
        for pupil_id in pupil_ids:
            own = placements[pupil_id]
            specs = placement_specs(own, reviews, self.calendars)
            specs += _exclusion_specs(pupils[pupil_id], exclusions.get(pupil_id, []), self.calendars)
            specs += _health_specs(pupils[pupil_id], absences.get(pupil_id, []), self.calendars)
            rows += [(spec.key, row_values(spec, own, self.today)) for spec in specs]
        return rows

    def provider_deadlines(self) -> list[tuple[str, dict]]:
        """As provider_deadlines_refresh works them out: none for a decommissioned provider."""
        notice = dt.timedelta(days=placements_conf.remind_days_before_renewal())
        providers = Provider.objects.filter(pk__in=[p[0] for p in self.b.providers]).exclude(
            status=ApprovalStatus.DECOMMISSIONED
        )
        rows = []
        for provider in providers.select_related("organisation").order_by("pk"):
            specs = _qa_specs(provider, self.qa_reviews[provider.pk], self.calendar, notice)
            specs += _document_specs(provider, self.documents[provider.pk], self.calendar, notice)
            rows += [(spec.key, row_values(spec, [], self.today)) for spec in specs]
        return rows

    def reminders(self, deadlines: list[tuple[int, str, dict]]) -> None:
        """A reminder, already e-mailed, for every third open deadline due for reminding, to the
        benchmark user of the holder, and to the LA's officer for the LA's own deadlines and those
        its officers are told of."""
        users, provider_org = self.b.users, Provider.objects.get(pk=self.b.providers[0][0]).organisation_id
        ids, rows = Ids(Reminder), []
        for index, (deadline_id, _key, values) in enumerate(deadlines):
            due, remind_from = values["due_on"], values["remind_from"]
            if values["status"] != DeadlineStatus.OPEN or remind_from > self.today or index % REMINDED_EVERY:
                continue
            if due > self.today:
                stage, on = ReminderStage.DUE_SOON, remind_from
            else:
                stage, on = (ReminderStage.DUE_TODAY, due) if due == self.today else (ReminderStage.OVERDUE, due)
            holder, organisation = values["holder"], values["holder_organisation_id"]
            recipients = [users["officer"]] if holder == DutyHolder.LA or values["officers_told"] else []
            if holder == DutyHolder.SCHOOL and organisation == self.b.busiest_school_org:
                recipients.append(users["school"])
            if holder == DutyHolder.PROVIDER and organisation == provider_org:
                recipients.append(users["provider"])
            at = self.at(on, 7)
            rows += [(ids.take(), deadline_id, who, stage, at, at, uuid.uuid4(), at) for who in recipients]
        fields = ["id", "deadline", "recipient", "stage", "created_at", "claimed_at", "batch", "emailed_at"]
        self.b.counts["reminders"] = copy_rows(Reminder, fields, rows)


#: The names of row_values' values in order, as the Deadline COPY writes them after the key.
DEADLINE_VALUE_NAMES = (
    "kind",
    "holder",
    "holder_organisation_id",
    "officers_told",
    "local_authority_id",
    "school_id",
    "pupil_id",
    "provider_id",
    "qa_review_id",
    "document_id",
    "exclusion_id",
    "health_absence_id",
    "starts_on",
    "due_on",
    "ends_on",
    "remind_from",
    "escalate_on",
    "is_estimated",
    "detail",
    "status",
    "met_on",
    "school_days_late",
    "provision_school_day",
    "placement_id",
)

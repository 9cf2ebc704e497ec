"""The reminder sweep at scale: seed open statutory deadlines on PostgreSQL, time one sweep and
count its queries, at 1,000 and at 100,000 deadlines (docs/performance.md, "The reminder sweep").

    psql -h 127.0.0.1 -U postgres -c 'create database apc_bench'
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/apc_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python -m benchmarks.reminder_sweep            # --sizes 1000,100000

Each size starts from no deadlines: one LA with three officers and a manager, 40 schools with two
users each, 5,000 pupils, and N open deadlines (day 6 of permanent exclusions, the LA's; day 6 of
suspensions, the schools'; health), due from 10 school days ago to 60 days ahead, so that about a
fifth are due soon, today, overdue or escalated; at every size each school and the LA has some
due, so the same 84 people are e-mailed and the query counts compare like with like. The sweep
e-mails through Django's in-memory backend (no mail server). It removes what it made when it ends.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcommission.settings.base")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from apcommission.core.models import Membership, Organisation, OrganisationKind, Role, School, User  # noqa: E402
from benchmarks.bulk import Ids, copy_rows, reset_sequences  # noqa: E402
from placements.models import Deadline, Pupil, Reminder  # noqa: E402
from placements.upn import check_letter  # noqa: E402

MARK = "reminder-sweep-benchmark"


def _seed(count: int, *, today: dt.date) -> dict:
    rng = random.Random(8)
    la = Organisation.objects.create(name=f"{MARK} LA", kind=OrganisationKind.LOCAL_AUTHORITY, la_code="998")
    users = []
    for n, role in enumerate([Role.LA_OFFICER] * 3 + [Role.LA_MANAGER]):
        user = User.objects.create_user(email=f"{MARK}-{n}@bench.test", password=None, full_name=f"Officer {n}")
        Membership.objects.create(user=user, organisation=la, role=role)
        users.append(user)
    schools = []
    for n in range(40):
        org = Organisation.objects.create(name=f"{MARK} school {n}", kind=OrganisationKind.SCHOOL, local_authority=la)
        schools.append(
            School.objects.create(organisation=org, urn=f"9{n:05d}", phase="secondary", school_type="academy")
        )
        for k in range(2):
            user = User.objects.create_user(email=f"{MARK}-s{n}-{k}@bench.test", password=None, full_name="Senco")
            Membership.objects.create(user=user, organisation=org, role=Role.SCHOOL_USER)
    pupil_ids = Ids(Pupil)
    pupils = []
    for n in range(5000):
        rest = f"998{9000 + n % 1000:04d}27{n // 1000:03d}"
        school = schools[n % len(schools)]
        pupils.append(
            (
                pupil_ids.take(),
                check_letter(rest) + rest,
                "Bench",
                f"Pupil{n}",
                dt.date(2013, 1, 1),
                "F",
                school.pk,
                la.pk,
            )
        )
    copy_rows(
        Pupil,
        ["id", "upn", "legal_first_name", "legal_last_name", "date_of_birth", "sex", "home_school", "home_la"],
        pupils,
    )
    reset_sequences(Pupil)

    def rows():
        for n in range(count):
            pupil = pupils[n % len(pupils)]
            school = schools[n % len(schools)]
            due = today + dt.timedelta(days=rng.randint(-14, 60))
            kind, holder, holder_org = rng.choice(
                [
                    ("day6_permanent", "la", la.pk),
                    ("day6_suspension", "school", school.organisation_id),
                    ("health", "la", la.pk),
                ]
            )
            if n < len(schools):  # every school, and the LA, has one due today at any size
                due, kind, holder, holder_org = today, "day6_suspension", "school", school.organisation_id
            elif n < len(schools) + 3:
                due, kind, holder, holder_org = today - dt.timedelta(days=7), "day6_permanent", "la", la.pk
            yield (
                f"{MARK}:{n}", kind, holder, holder_org, la.pk, school.pk, pupil[0],
                due - dt.timedelta(days=7), due, due - dt.timedelta(days=3),
                due + dt.timedelta(days=3) if holder == "la" else None, "open",
            )  # fmt: skip

    copy_rows(
        Deadline,
        [
            "key",
            "kind",
            "holder",
            "holder_organisation",
            "local_authority",
            "school",
            "pupil",
            "starts_on",
            "due_on",
            "remind_from",
            "escalate_on",
            "status",
        ],  # fmt: skip
        rows(),
    )
    reset_sequences(Deadline)
    return {"la": la, "schools": schools}


def _clean() -> None:
    las = list(Organisation.objects.filter(name=f"{MARK} LA").values_list("pk", flat=True))
    with connection.cursor() as cursor:  # raw deletes: Django's cascade would load 100,000 rows
        for model in (Reminder, Deadline):
            table = connection.ops.quote_name(model._meta.db_table)
            column = "deadline_id IN (SELECT id FROM placements_deadline WHERE local_authority_id = ANY(%s))"
            if model is Deadline:
                column = "local_authority_id = ANY(%s)"
            cursor.execute(f"DELETE FROM {table} WHERE {column}", [las])  # noqa: S608 - table names only
    Pupil.objects.filter(home_la__name__startswith=MARK).delete()
    Membership.objects.filter(user__email__startswith=MARK).delete()
    User.objects.filter(email__startswith=MARK).delete()
    School.objects.filter(organisation__name__startswith=MARK).delete()
    Organisation.objects.filter(name__startswith=MARK, kind=OrganisationKind.SCHOOL).delete()
    Organisation.objects.filter(name__startswith=MARK).delete()


def measure(count: int) -> dict:
    from django.core import mail

    from placements.services.reminders import reminders_send_due

    _clean()
    now = timezone.now()
    _seed(count, today=timezone.localdate(now))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    mail.outbox = []
    # DEBUG keeps the last 9,000 queries: seeding and cleaning (a history row per pupil deleted)
    # can fill that log, and a full log counts as no queries at all.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        created = reminders_send_due(now=now)  # not in a transaction: on_commit runs at once
        seconds = time.perf_counter() - started
    result = {
        "deadlines": count,
        "reminders": created,
        "emails": len(mail.outbox),
        "queries": len(queries),
        "seconds": round(seconds, 2),
    }
    reset_queries()
    with CaptureQueriesContext(connection) as again:
        started = time.perf_counter()
        result["second_sweep_reminders"] = reminders_send_due(now=now + dt.timedelta(minutes=1))
        result["second_sweep_seconds"] = round(time.perf_counter() - started, 2)
    result["second_sweep_queries"] = len(again)
    print(result, flush=True)
    _clean()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL (DATABASE_URL=postgres://...): it writes with COPY")
    for size in (int(s) for s in args.sizes.split(",")):
        measure(size)
    print(f"run {uuid.uuid4().hex[:8]} on {connection.settings_dict['NAME']}")


if __name__ == "__main__":
    main()

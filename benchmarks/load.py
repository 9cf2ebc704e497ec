"""Measure every page of benchmarks.pages under concurrent load beside the bare reference page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/apc_bench .venv/bin/python -m benchmarks.load

Needs the county (`manage.py build_benchmark_county` with DJANGO_SETTINGS_MODULE=benchmarks.settings)
and wrk (Debian: apt-get install wrk). In one run it:

1. signs in one benchmark user per role (a session each, as signing in would make: in the database
   and, with CACHE_URL (by default Redis at 127.0.0.1:6379/1), the shared cache, as in production);
2. requests each page in this process with the queries captured: query count, SQL time, size;
3. starts gunicorn (BENCH_WORKERS sync workers, default 5) with production settings (DEBUG off,
   persistent connections) on 127.0.0.1, and for each page runs wrk with BENCH_CONNECTIONS
   connections (default 16) for BENCH_SECONDS (default 10), with the reference page measured
   beside every page: for BENCH_REFERENCE_SECONDS (default half of BENCH_SECONDS) before the first
   page and after each one, each page's ratio taken against the reference just before and just
   after it (BENCH_REFERENCE_BESIDE=0: the reference first and last only, every ratio against
   their mean); all of it BENCH_ROUNDS times (default 2), every other round in reverse order, each
   page's figures the mean of its rounds against the mean of the references beside it;
4. prints one Markdown table (requests/s, p50, p95, ratio to the reference, queries, SQL time, and
   the CPU time of one request split into middleware, templates and the view's own code)
   and writes it with the raw figures to var/benchmark/.

BENCH_PAGES=word,word measures only the pages whose names contain one of the words;
BENCH_PROFILE_ONLY=1 stops after step 2 (queries and times, no load).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field, replace
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "benchmark"
LUA = Path(__file__).resolve().parent / "wrk_report.lua"

#: Goal and bar from docs/performance.md: throughput as a share of the reference's, p95 as a multiple.
GOAL = (0.7, 1.5)
BAR = (0.5, 2.0)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    # Sessions as production keeps them: in a shared Redis cache and the database (cached_db,
    # docs/performance.md "Deployment that grows"). CACHE_URL= (empty) measures without.
    env.setdefault("CACHE_URL", "redis://127.0.0.1:6379/1")
    env.update(
        DJANGO_DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(OUT / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


@dataclass
class Profile:
    status: int
    queries: int
    sql_ms: float
    view_ms: float
    #: CPU time of this process for the request (Python: middleware, view, templates), which other
    #: work on the machine does not inflate as it does elapsed time.
    cpu_ms: float
    kb: float
    #: Where the CPU time goes (docs/performance.md): outside the view (middleware: sessions, the
    #: user, CSRF, security headers), rendering templates (with any query a template runs), and the
    #: view's own code (queries built and read by the ORM, rules) — cpu_ms less the other two.
    middleware_ms: float = 0.0
    template_ms: float = 0.0
    view_code_ms: float = 0.0


@dataclass
class Load:
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int
    requests: int = 0
    #: CPU time per request while the load ran, of the gunicorn workers (the application: Python,
    #: and the system calls it makes) and of PostgreSQL's processes, read from /proc: what a
    #: request costs on the machine under load, where `Profile.cpu_ms` is one request alone in this
    #: process (warm caches, nothing else running: it reads low for the heavier pages).
    app_cpu_ms: float = 0.0
    database_cpu_ms: float = 0.0


@dataclass
class Row:
    name: str
    who: str
    url: str
    profile: Profile | None = None
    load: Load | None = None
    #: The reference measured just before and just after this page (the mean of the two; over
    #: every round, the mean of the rounds').
    reference: Load | None = None
    #: Each round's (page, reference beside it), in the order measured.
    rounds: list[tuple[Load, Load]] = field(default_factory=list)


# --- in this process: the county's ids, sessions and query profiles -------------------------------


def _setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL.")


def _vacuum() -> None:
    """The tables as autovacuum keeps them in production: fresh planner statistics and the
    visibility map (an index-only scan reads the table wherever a page is not marked all-visible).
    The county's build and the first refresh of the summaries and deadlines write many rows, and on
    a server with autovacuum off (some development machines) every page would be planned and read
    as for freshly loaded tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def _maintained_figures() -> None:
    """The maintained figures as the beat keeps them (placements.tasks.refresh_figures, every
    minute): those stale, missing, of another day or older than 15 minutes recounted now (a county
    built or migrated on another day, or a summary added since, would otherwise be counted by
    every page for itself)."""
    from placements.services.figures import figures_refresh

    figures_refresh()


def _census_figures() -> None:
    """The census figures as the beat keeps them (reports.tasks.refresh_census_figures, every
    minute): counted now unless they are already today's and fresh."""
    from reports.services.census import census_figures_refresh

    census_figures_refresh()


def _county() -> dict:
    from django.db.models import Max

    from apcommission.core.models import Membership, Organisation, Role
    from benchmarks.county import LA_CODE
    from placements.models import Placement, PlacementStatus, Pupil

    la = Organisation.objects.filter(la_code=LA_CODE).order_by("-pk").first()
    if la is None:
        sys.exit("No benchmark county here: run manage.py build_benchmark_county first (docs/performance.md).")
    provider_org = Membership.objects.get(role=Role.PROVIDER_USER, user__email=f"provider+{la.pk}@benchmark.invalid")
    active = Placement.objects.filter(pupil__home_la=la, status=PlacementStatus.ACTIVE)
    middle = (active.aggregate(m=Max("pk"))["m"] or 0) // 2
    placement = active.filter(pk__gte=middle).order_by("pk").values_list("pk", "pupil_id").first()
    pupils = Pupil.objects.filter(home_la=la)
    provider = provider_org.organisation.provider.pk
    return {
        "la": la.pk,
        "provider": provider,
        "placement": placement[0],
        "pupil": placement[1] if placement else pupils.values_list("pk", flat=True).first(),
        "today": dt.date.today().isoformat(),
        **_money_and_clock(la, provider),
    }


def _middle(queryset) -> int | None:
    """The id halfway through a queryset's ids: a record neither the oldest nor the newest."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    return ids[len(ids) // 2] if ids else None


def _money_and_clock(la, provider: int) -> dict:
    """Ids for the funding, reports and clock pages: an invoice of the busiest provider (its user
    sees it too), an excluding school's reduction, a permanent exclusion, the chosen plan and the
    published Forum pack."""
    from funding.models import Invoice, Recoupment
    from placements.models import Exclusion
    from reports.models import CommissioningPlan, ReportPack

    return {
        "invoice": _middle(Invoice.objects.filter(local_authority=la, provider_id=provider)),
        "recoupment": _middle(Recoupment.objects.filter(local_authority=la, kind="excluding")),
        "exclusion": _middle(Exclusion.objects.filter(pupil__home_la=la, kind="permanent")),
        "plan": CommissioningPlan.objects.filter(local_authority=la, is_chosen=True)
        .values_list("pk", flat=True)
        .first(),
        "pack": ReportPack.objects.filter(local_authority=la, published_at__isnull=False)
        .values_list("pk", flat=True)
        .first(),
    }


def _sessions(la_id: int) -> dict[str, str]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apcommission.core.models import User
    from apcommission.core.sessions import mark_signed_in
    from benchmarks.county import BENCHMARK_USERS

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 - a class
    cookies = {"anonymous": ""}
    for key in BENCHMARK_USERS:
        user = User.objects.get(email=f"{key}+{la_id}@benchmark.invalid")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the e-mail backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # Signed in with a confirmed authenticator, as LA staff must be (docs/security.md).
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="Benchmark", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        mark_signed_in(session)
        session.create()
        # A browser that has shown one form keeps its CSRF cookie: without it every page with a form
        # would make a new secret and set the cookie again, which no signed-in user's browser causes.
        csrf_secret = get_random_string(32)
        cookies[key] = (
            f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"
        )
    return cookies


class _Clock:
    """CPU time spent inside the view (Django's `_get_response`: resolving, the view, rendering a
    TemplateResponse) and inside outermost template renders, for one request in this process."""

    def __init__(self) -> None:
        self.view = self.templates = 0.0
        self.depth = 0
        self.installed = False

    def install(self) -> None:
        from django.core.handlers.base import BaseHandler
        from django.template.backends.django import Template

        if not self.installed:
            BaseHandler._get_response = self._add_to_view(BaseHandler._get_response)
            Template.render = self._add_to_templates(Template.render)
            self.installed = True

    def _add_to_view(self, function):
        def timed(*args, **kwargs):
            began = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.view += time.process_time() - began

        return timed

    def _add_to_templates(self, function):
        def timed(*args, **kwargs):  # a render inside another (render_to_string in a tag) counts once
            began = time.process_time()
            self.depth += 1
            try:
                return function(*args, **kwargs)
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.templates += time.process_time() - began

        return timed

    def reset(self) -> tuple[float, float]:
        view, templates = self.view, self.templates
        self.view = self.templates = 0.0
        return view, templates


_clock = _Clock()


def _profile(url: str, cookie: str, repeats: int = 5) -> Profile:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    _clock.install()
    client = Client(HTTP_COOKIE=cookie) if cookie else Client()
    client.get(url)  # warm: templates compiled, content types cached
    runs = []
    for _ in range(repeats):
        _clock.reset()
        with CaptureQueriesContext(connection) as captured:
            began, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
        sql = sum(float(q["time"]) for q in captured.captured_queries)
        view, templates = _clock.reset()
        runs.append((elapsed, sql, len(captured.captured_queries), response, cpu, view, templates))
    elapsed, sql, queries, response, *_ = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    cpu, view, templates = (statistics.median(r[i] for r in runs) for i in (4, 5, 6))
    return Profile(
        response.status_code, queries, round(sql * 1000, 1), round(elapsed * 1000, 1), round(cpu * 1000, 1),
        round(len(response.content) / 1024, 1), middleware_ms=round(max(cpu - view, 0) * 1000, 1),
        template_ms=round(templates * 1000, 1), view_code_ms=round(max(view - templates, 0) * 1000, 1),
    )  # fmt: skip


# --- gunicorn and wrk ----------------------------------------------------------------------------


def _collectstatic(env: dict[str, str]) -> None:
    if not (OUT / "static" / "staticfiles.json").exists():
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                       check=True)  # fmt: skip


def _start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")), "apcommission.wsgi:application", "--bind",
        f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603 - our own command
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/benchmark/reference/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    _stop(server)
    sys.exit("gunicorn did not answer")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def _get(url: str, cookie: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    urllib.request.urlopen(request, timeout=120).read()  # noqa: S310 - our own server on 127.0.0.1


def _wrk(url: str, cookie: str, *, connections: int, seconds: int) -> Load:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(LUA), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - wrk, our URL
    report = json.loads(output.strip().splitlines()[-1])
    seconds_taken = report["duration_us"] / 1e6
    return Load(
        rps=round(report["requests"] / seconds_taken, 1),
        p50_ms=round(report["p50_us"] / 1000, 1),
        p95_ms=round(report["p95_us"] / 1000, 1),
        errors=report["errors"] + report["non2xx"],
        requests=report["requests"],
    )


#: Processes whose CPU time is a page's cost under load, by their command name (/proc/PID/stat).
CPU_GROUPS = {"gunicorn": "app", "postgres": "database"}


def cpu_seconds(proc: Path = Path("/proc")) -> dict[str, float]:
    """CPU seconds (user and system) used so far by the processes of each of CPU_GROUPS: read
    before and after a load, the difference is what its requests cost. Where there is no /proc,
    nothing is counted and the figures read 0."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    used = dict.fromkeys(CPU_GROUPS.values(), 0.0)
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        group = CPU_GROUPS.get(text[text.find("(") + 1 : text.rfind(")")])
        if group is not None:
            fields = text[text.rfind(")") + 2 :].split()
            used[group] += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (proc(5))
    return used


def with_cpu(found: Load, before: dict[str, float], after: dict[str, float]) -> Load:
    """`found` with the CPU per request that its load cost (cpu_seconds before and after it)."""
    if not found.requests:
        return found

    def per_request(group: str) -> float:
        return round(max(after.get(group, 0.0) - before.get(group, 0.0), 0.0) * 1000 / found.requests, 2)

    return replace(found, app_cpu_ms=per_request("app"), database_cpu_ms=per_request("database"))


def _measure(base: str, rows: list[Row], cookies: dict, *, connections: int, seconds: int) -> list[Load]:
    """Load every page (rows[1:]) and the reference (rows[0]) beside them, BENCH_ROUNDS times; the
    reference's loads. A machine's speed drifts during a run (other work, its host): a page's ratio
    to a reference measured minutes away carries that drift, so by default each page is measured
    between two short runs of the reference and compared with their mean. One window of a few
    seconds still moves by a tenth either way (the reference beside the pages of one run ranged
    from 342 to 630 requests/s), so the whole list is measured again, in reverse order (a page
    measured early in one round is late in the next), and each page's figures are the mean of its
    rounds: every round is kept and shown, none is chosen."""
    reference, pages = rows[0], rows[1:]
    beside = os.environ.get("BENCH_REFERENCE_BESIDE", "1") != "0"
    reference_seconds = int(os.environ.get("BENCH_REFERENCE_SECONDS", max(2, seconds // 2))) if beside else seconds
    rounds = max(1, int(os.environ.get("BENCH_ROUNDS", "2")))

    def load(row: Row, how_long: int) -> Load:
        _get(base + row.url, cookies[row.who])  # the last page's requests have all been answered
        before = cpu_seconds()
        found = _wrk(base + row.url, cookies[row.who], connections=connections, seconds=how_long)
        found = with_cpu(found, before, cpu_seconds())
        # The time each load ended, to set beside the database's log (a checkpoint's sync, say).
        print(f"{time.strftime('%H:%M:%S')} loaded {row.name}: {found}", flush=True)
        return found

    references = [load(reference, reference_seconds)]
    for number in range(rounds):
        first = len(references) - 1
        for row in pages if number % 2 == 0 else reversed(pages):
            page = load(row, seconds)
            if beside:
                references.append(load(reference, reference_seconds))
            row.rounds.append((page, _mean(references[-2:]) if beside else None))
        if not beside:
            references.append(load(reference, reference_seconds))
            for row in pages:  # this round's pages against its first and last reference
                row.rounds[-1] = (row.rounds[-1][0], _mean([references[first], references[-1]]))
    for row in pages:
        row.load = _mean([page for page, _ in row.rounds])
        row.reference = _mean([beside_it for _, beside_it in row.rounds])
    return references


def _mean(loads: list[Load]) -> Load:
    return Load(
        rps=round(statistics.mean(r.rps for r in loads), 1),
        p50_ms=round(statistics.mean(r.p50_ms for r in loads), 1),
        p95_ms=round(statistics.mean(r.p95_ms for r in loads), 1),
        errors=sum(r.errors for r in loads),
        requests=sum(r.requests for r in loads),
        app_cpu_ms=round(statistics.mean(r.app_cpu_ms for r in loads), 2),
        database_cpu_ms=round(statistics.mean(r.database_cpu_ms for r in loads), 2),
    )


# --- the table -----------------------------------------------------------------------------------


def _verdict(load: Load, reference: Load) -> tuple[float, float, str]:
    ratio, p95 = load.rps / reference.rps, load.p95_ms / reference.p95_ms
    if load.errors:
        return ratio, p95, "errors"
    if ratio >= GOAL[0] and p95 <= GOAL[1]:
        return ratio, p95, "goal"
    return ratio, p95, "bar" if ratio >= BAR[0] and p95 <= BAR[1] else "below"


def _each_round(row: Row) -> str:
    """Each round's ratio and p95 multiple, in the order measured: the spread behind the mean."""
    return "; ".join(
        f"{page.rps / beside.rps:.2f}, {page.p95_ms / beside.p95_ms:.2f}" for page, beside in row.rounds if beside
    )


def table(rows: list[Row], reference: Load) -> str:
    lines = [
        "| page (who) | requests/s | reference beside | ratio | p50 ms | p95 ms | p95 × ref | under load: app CPU ms | "
        "database CPU ms | queries | SQL ms | CPU ms | middleware | templates | view code | KB | | "
        "ratio, p95 × in each round |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        load, profile = row.load, row.profile
        beside = row.reference or reference
        ratio, p95, verdict = _verdict(load, beside)
        lines.append(
            f"| {row.name} ({row.who}) | {load.rps:.1f} | {beside.rps:.0f} | {ratio:.2f} | {load.p50_ms:.0f} | "
            f"{load.p95_ms:.0f} | "
            f"{p95:.2f} | {load.app_cpu_ms:.2f} | {load.database_cpu_ms:.2f} | {profile.queries} | "
            f"{profile.sql_ms:.1f} | {profile.cpu_ms:.1f} | "
            f"{profile.middleware_ms:.1f} | {profile.template_ms:.1f} | {profile.view_code_ms:.1f} | "
            f"{profile.kb:.0f} | {verdict} | {_each_round(row)} |"
        )
    return "\n".join(lines)


def main() -> None:
    from benchmarks.pages import PAGES, REFERENCE

    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    env = _environment()
    OUT.mkdir(parents=True, exist_ok=True)
    _collectstatic(env)
    _setup(env)
    _maintained_figures()
    _census_figures()  # before VACUUM (ANALYZE): the census entries it writes need their statistics
    _vacuum()
    facts = _county()
    cookies = _sessions(facts["la"])
    wanted = [w for w in os.environ.get("BENCH_PAGES", "").split(",") if w]
    pages = [p for p in PAGES if not wanted or any(w in p.name for w in wanted)]
    rows = [Row(p.name, p.who, p.url.format(**facts)) for p in [REFERENCE, *pages]]
    for row in rows:
        row.profile = _profile(row.url, cookies[row.who])
        print(f"profiled {row.name}: {row.profile}", flush=True)
    from django.db import connections

    connections.close_all()
    if os.environ.get("BENCH_PROFILE_ONLY"):
        return
    workers = int(os.environ.get("BENCH_WORKERS", "5"))
    connections_, seconds = int(os.environ.get("BENCH_CONNECTIONS", "16")), int(os.environ.get("BENCH_SECONDS", "10"))
    port = int(os.environ.get("BENCH_PORT", "8971"))
    server = _start_gunicorn(env, port, workers)
    try:
        base = f"http://127.0.0.1:{port}"
        for row in rows:  # warm the workers (templates compiled, connections open), one request at a time
            for _ in range(workers * 2):
                _get(base + row.url, cookies[row.who])
        references = _measure(base, rows, cookies, connections=connections_, seconds=seconds)
    finally:
        _stop(server)
    reference = _mean(references)
    rows[0].load = reference
    markdown = table(rows[1:], reference)
    header = (
        f"Reference: {reference.rps:.1f} requests/s, p50 {reference.p50_ms:.0f} ms, p95 {reference.p95_ms:.0f} ms "
        f"(first {references[0].rps:.0f}/s, last {references[-1].rps:.0f}/s, {len(references)} measurements, "
        f"lowest {min(r.rps for r in references):.0f}/s, highest {max(r.rps for r in references):.0f}/s); "
        f"{workers} gunicorn sync workers, {connections_} connections, {seconds} s a page in each of "
        f"{len(rows[-1].rounds)} rounds; {os.cpu_count()} CPUs; "
        f"load average {os.getloadavg()[0]:.1f} at the end."
    )
    header += (
        f" Under load, the reference cost {reference.app_cpu_ms:.2f} ms of the application's CPU and "
        f"{reference.database_cpu_ms:.2f} ms of PostgreSQL's a request."
    )
    print("\n" + header + "\n\n" + markdown)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (OUT / f"results-{stamp}.md").write_text(header + "\n\n" + markdown + "\n")
    (OUT / f"results-{stamp}.json").write_text(json.dumps([asdict(r) for r in rows], indent=2))


if __name__ == "__main__":
    main()

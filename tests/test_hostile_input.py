"""No input is a server error: hostile values in every form field and every URL parameter.

The URLs and the roles that may open them come from the leak matrix (tests/leak_matrix.py and
each app's `leak_cases(world)`). For every case, as every role allowed to open it:

- GET the page and read its forms (inputs, selects, textareas, with their rendered values);
- POST each form once per field and hostile value, the other fields kept as the page gave them
  (dates filled in, the submission token and CSRF token included), once with every field sent
  twice, and once with nothing but the tokens;
- GET the page with each hostile value in place of each path parameter, and (list pages) with
  hostile values in its filters and the query parameters the views read (page, year, sort...).

Every request runs in a savepoint that is rolled back, so each starts from the same records.
A response of 500 or more, or an exception, is a failure naming the URL, field and value.
A companion test fails when a view in the URL resolver has no case (as the leak matrix does).

Run it alone with `pytest -m hostile` (about a minute on SQLite).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from importlib import import_module
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.leak_matrix import ROLE_KEYS, build_world
from tests.page_forms import Form, read_forms

pytestmark = pytest.mark.hostile

CASE_MODULES = (
    "tests.core.leak_cases",
    "tests.providers.leak_cases",
    "tests.placements.leak_cases",
    "tests.funding.leak_cases",
    "tests.reports.leak_cases",
)
OUR_NAMESPACES = {"core", "providers", "placements", "funding", "reports"}

#: The hostile values, each a way a real request has broken (or could break) a form or a view.
HOSTILE = (
    "",
    "x" * 10_000,
    "²",  # isdigit() is true, int() fails
    "٢٠٢٦",  # Arabic-Indic digits: int() reads them
    "１２",  # full-width digits
    "\u202eRTL\u202c שלום",
    "😀👩‍👩‍👧",
    "A\x00B",
    "-1",
    "-99999999999999999999",
    str(2**63),
    "9" * 40,
    "1e309",
    "NaN",
    "Infinity",
    "0",
    "1.5",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "   ",
    "H80120000100²",  # a UPN with a unicode digit
)
#: Values for a path parameter (most fail the URL's own converter, and so are 404 at once).
HOSTILE_PATH = (
    "0",
    "-1",
    str(2**31),
    str(2**63),
    "9" * 40,
    "1e309",
    "abc",
    "²",
    "\x00",
    "😀",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "x" * 2_000,
)
#: Whole dates for the GOV.UK date boxes (day, month, year).
HOSTILE_DATES = (("30", "2", "2026"), ("1", "1", "0001"), ("31", "12", "9999"))
#: Query parameters the views read besides their filter forms.
QUERY_PARAMETERS = ("page", "year", "sort", "show", "before", "after", "plan", "reason", "q", "status")
#: Hostile values sent per form field (a different slice of HOSTILE for each field, so that every
#: value reaches many fields, while the total stays near a minute).
VALUES_PER_FIELD = 4
#: Views that hold no private data and are not in the leak matrix, with how to reach them.
PUBLIC_CASES = (
    ("core:sign-in", (), "anonymous"),
    ("core:sign-in-code", (), "anonymous"),
    ("core:sign-out", (), "la_officer"),
    ("core:session-extend", (), "la_officer"),
    ("healthz", (), "anonymous"),
)
ROLE_ORDER = {key: index for index, key in enumerate(ROLE_KEYS)}


TODAY = dt.date.today()
DATE_BOX = {"_0": str(TODAY.day), "_1": str(TODAY.month), "_2": str(TODAY.year)}


def valid_ish(form: Form) -> dict[str, list]:
    """What a person would post: the page's own values, with blanks filled in plausibly."""
    data: dict[str, list] = {}
    for name, kind, value in form.fields:
        if kind == "file":
            value = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        elif not value and name[-2:] in DATE_BOX:
            value = DATE_BOX[name[-2:]]
        elif not value and kind in ("text", "textarea", "email", "number", "tel", "search"):
            value = {"email": "someone@example.org", "number": "1"}.get(kind, "1")
        data.setdefault(name, []).append(value)
    return data


ALWAYS = ("", "²")
ROTATING = tuple(v for v in HOSTILE if v not in ALWAYS)


def hostile_values(index: int) -> list[str]:
    """A slice of HOSTILE for the field at `index`, always with the empty and ² values."""
    extra = VALUES_PER_FIELD - len(ALWAYS)
    start = (index * extra) % len(ROTATING)
    return [*ALWAYS, *itertools.islice(itertools.cycle(ROTATING), start, start + extra)]


def hostile_file(value: str) -> SimpleUploadedFile:
    name = (value or "file")[:200] + ".pdf"
    return SimpleUploadedFile(name, value.encode("utf-8", "surrogatepass") or b"", content_type="application/pdf")


def form_variants(form: Form):
    """(what, data) pairs: each field hostile in turn, dates whole, repeated fields, nothing."""
    base = valid_ish(form)
    tokens = {n: v for n, v in base.items() if n in ("csrfmiddlewaretoken", "submission_token")}
    kinds = {name: kind for name, kind, _ in form.fields}
    for index, name in enumerate(base):
        if name == "csrfmiddlewaretoken":
            continue
        for value in hostile_values(index):
            sent = hostile_file(value) if kinds.get(name) == "file" else value
            yield f"{name}={value[:30]!r}", {**base, name: [sent]}
    for prefix in sorted({n[:-2] for n in base if n.endswith("_0") and f"{n[:-2]}_2" in base}):
        for day, month, year in HOSTILE_DATES:
            yield (
                f"{prefix}={day}/{month}/{year}",
                {**base, f"{prefix}_0": [day], f"{prefix}_1": [month], f"{prefix}_2": [year]},
            )
    repeated = {n: [*v, *(hostile_values(i)[1:3])] for i, (n, v) in enumerate(base.items()) if kinds.get(n) != "file"}
    yield "every field twice", {**repeated, **tokens}
    yield "only the tokens", tokens


def flatten(data: dict[str, list]) -> dict:
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def path_variants(url: str):
    """The case's URL with each path parameter replaced by each hostile value."""
    path, _, query = url.partition("?")
    match = resolve(path)
    segments = path.split("/")
    used: set[int] = set()
    view = f"{match.namespace}:{match.url_name}"
    for key, value in match.kwargs.items():
        position = next((i for i, s in enumerate(segments) if s == str(value) and i not in used), None)
        if position is None:
            continue
        used.add(position)
        for bad in HOSTILE_PATH:
            changed = [*segments]
            changed[position] = quote(bad, safe="")
            changed_path = "/".join(changed)
            try:  # a value the URL's converter refuses is a 404 before any view runs
                again = resolve(changed_path)
            except Resolver404:
                continue
            if f"{again.namespace}:{again.url_name}" == view:
                yield f"{key}={bad[:30]!r}", changed_path + (f"?{query}" if query else "")


def query_variants(url: str, forms: list[Form]):
    """The page with hostile values in its filters and the query parameters the views read."""
    path, _, query = url.partition("?")
    given = dict(parse_qsl(query, keep_blank_values=True))
    filters = {n: v for f in forms if f.method == "get" for n, _, v in f.fields}
    names = list(dict.fromkeys([*given, *filters]))
    for index, name in enumerate(names):
        for value in hostile_values(index):
            yield f"?{name}={value[:30]!r}", f"{path}?{urlencode({**given, **filters, name: value})}"
    for value in ("-1", "²", "x" * 10_000, str(2**63), "A\x00B"):
        everything = {**given, **{name: value for name in QUERY_PARAMETERS}}
        yield f"?<all>={value[:30]!r}", f"{path}?{urlencode(everything)}"
    repeated = [(n, v) for n in [*names, *QUERY_PARAMETERS] for v in ("1", "²", "")]
    yield "?<every parameter three times>", f"{path}?{urlencode(repeated)}"


class Prober:
    """Sends requests as one role, each in a savepoint rolled back afterwards; notes any 5xx."""

    def __init__(self, world):
        self.world = world
        self.problems: list[str] = []
        self.sent = Counter()
        self.statuses = Counter()
        self.clients: dict[str, Client] = {}

    def client(self, role: str) -> Client:
        if role not in self.clients:
            client = Client()
            if self.world.users[role] is not None:
                client.force_login(self.world.users[role])
            self.clients[role] = client
        return self.clients[role]

    def send(self, role: str, method: str, url: str, what: str, data=None):
        client = self.client(role)
        session = client.cookies.get("sessionid")
        self.sent[method] += 1
        response = None
        try:
            with transaction.atomic():
                response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
                if response.streaming:
                    b"".join(response.streaming_content)
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 - every exception is the finding
            self.problems.append(f"{method.upper()} {url[:120]} as {role} with {what}: {type(error).__name__}: {error}")
        else:
            self.statuses[(method, response.status_code)] += 1
            if response.status_code >= 500:
                self.problems.append(f"{method.upper()} {url[:120]} as {role} with {what}: {response.status_code}")
        if client.cookies.get("sessionid") != session:  # signed out or rotated: sign in again
            self.clients.pop(role, None)
        return response


def case_roles(allowed) -> list[str]:
    return sorted(allowed, key=ROLE_ORDER.get) or ["anonymous"]


def probe_page(prober: Prober, url: str, roles: list[str], seen_forms: set):
    """Everything for one URL: its forms per role, its path parameters, its query parameters."""
    for number, role in enumerate(roles):
        forms = page_forms(prober, role, url)
        for form in forms or ():
            if form.method == "post" and form.signature() not in seen_forms:
                seen_forms.add(form.signature())
                for what, data in form_variants(form):
                    prober.send(role, "post", form.action, what, flatten(data))
        if number == 0 and forms is not None:
            for what, hostile_url in query_variants(url, forms):
                prober.send(role, "get", hostile_url, what)
    probe_path(prober, url, roles)


def probe_path(prober: Prober, url: str, roles: list[str]):
    """Hostile path parameters: every value (GET and POST) as the first role, a couple as the others."""
    for number, role in enumerate(roles):
        for index, (what, hostile_url) in enumerate(path_variants(url)):
            if number == 0 or index < 2:
                prober.send(role, "get", hostile_url, what)
            if number == 0:
                prober.send(role, "post", hostile_url, what, {})


def page_forms(prober: Prober, role: str, url: str) -> list[Form] | None:
    """The forms on the page as `role` sees it (None when it is not an HTML page for them)."""
    response = prober.send(role, "get", url, "the page as given")
    if response is None or response.status_code != 200 or response.streaming:
        return None
    if "html" not in response.get("Content-Type", ""):
        return None
    return read_forms(url, response.content.decode(errors="replace"))


def _case_modules():
    for name in CASE_MODULES:
        try:
            yield name, import_module(name)
        except ModuleNotFoundError:
            continue


def public_urls():
    return [(reverse(name, args=args), role) for name, args, role in PUBLIC_CASES]


@pytest.mark.parametrize("module_name", CASE_MODULES)
def test_no_form_field_or_url_parameter_gives_a_server_error(db, module_name, settings):
    settings.AXES_ENABLED = False  # hundreds of refused sign-ins from one address are the point here
    try:
        module = import_module(module_name)
    except ModuleNotFoundError:
        pytest.skip(f"{module_name} is not there")
    world = build_world()
    prober = Prober(world)
    seen_forms: set = set()
    cases = module.leak_cases(world)
    for case in cases:
        probe_page(prober, case.url, case_roles(case.allowed), seen_forms)
    if module_name == "tests.core.leak_cases":
        for url, role in public_urls():
            probe_page(prober, url, [role], seen_forms)
    print(f"{module_name}: {len(cases)} cases, {prober.sent['get']} GET and {prober.sent['post']} POST")
    print(f"  answers: {dict(prober.statuses)}")
    assert not prober.problems, f"{len(prober.problems)} server errors:\n" + "\n".join(prober.problems[:200])


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


def _url_name(url: str) -> str:
    match = resolve(urlsplit(url).path)
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def test_every_view_gets_hostile_input(db):
    world = build_world()
    covered = {case.url_name for _, module in _case_modules() for case in module.leak_cases(world)}
    covered |= {_url_name(url) for url, _ in public_urls()}
    ours = {
        name for name in _walk(get_resolver().url_patterns) if name.split(":")[0] in OUR_NAMESPACES or name == "healthz"
    }
    missing = sorted(ours - covered)
    assert not missing, f"Views no hostile input reaches (add a LeakCase or a public case): {missing}"

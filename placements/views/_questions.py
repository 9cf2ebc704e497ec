"""The pages of a placement request or direct placement and the answers kept between them
(placements.views.journey): which pages apply, each stored answer parsed by its page's form, and
the PlacementDetails they add up to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from apcommission.core.education import key_stage_on
from apcommission.core.models import KeyStage

from .. import selectors
from ..forms.journey import (
    CellQuestionForm,
    DatesQuestionForm,
    NeedsQuestionForm,
    ObjectivesQuestionForm,
    ProviderQuestionForm,
    RouteQuestionForm,
)
from ..models import Pupil
from ..route_choices import COMMISSIONER, LUMP_SUM, REGISTRATION, REGISTRATION_ANSWERS, TOP_UP, open_choices
from ..services import PlacementDetails, routes_ensure_for_la

SESSION_KEY = "placement_drafts"
#: Requests in progress kept per session (one per pupil and journey); the least recent go first.
DRAFTS_KEPT = 20
#: How many suggested sites the provider page offers, best fit first.
SUGGESTIONS_SHOWN = 20


@dataclass(frozen=True)
class Kind:
    """A school's request or an officer's direct placement: the same pages, different words."""

    name: str
    by_school: bool
    start_url: str
    step_url: str
    title: str
    send: str
    sent: str


REQUEST = Kind(
    "request",
    True,
    "placements:placement-request",
    "placements:placement-request-step",
    "Request a placement",
    "Send request",
    "Request sent",
)
PLACE = Kind(
    "place",
    False,
    "placements:placement-create",
    "placements:placement-create-step",
    "Arrange a placement",
    "Arrange placement",
    "Placement arranged",
)

#: The pages every journey has, the route's open cells (asked only where the route leaves them
#: open to this user, placements.route_choices), then the last question.
FIRST_STEPS = ("route", "needs", "dates", "provider")
CELL_STEPS = {"commissioner": COMMISSIONER, "lump-sum": LUMP_SUM, "top-up": TOP_UP, "registration": REGISTRATION}
LAST_STEPS = ("objectives",)
CHECK = "check"
ALL_STEPS = (*FIRST_STEPS, *CELL_STEPS, *LAST_STEPS)


class Draft:
    """The answers so far, in the session: {step: the page's posted fields}, and the token."""

    def __init__(self, request, kind: Kind, pupil: Pupil):
        self.session = request.session
        self.key = f"{request.user.pk}:{kind.name}:{pupil.pk}"

    def _drafts(self) -> dict:
        return self.session.get(SESSION_KEY, {})

    @property
    def exists(self) -> bool:
        return self.key in self._drafts()

    def _get(self) -> dict:
        return self._drafts().get(self.key) or {"answers": {}, "token": str(uuid.uuid4())}

    def _put(self, draft: dict) -> None:
        drafts = self._drafts()
        drafts.pop(self.key, None)
        drafts[self.key] = draft  # the newest last: the oldest go when there are too many
        while len(drafts) > DRAFTS_KEPT:
            drafts.pop(next(iter(drafts)))
        self.session[SESSION_KEY] = drafts

    def answers(self, step: str) -> MultiValueDict | None:
        stored = self._get()["answers"].get(step)
        return MultiValueDict(stored) if stored is not None else None

    def save(self, step: str, form) -> None:
        """Keep the page's own fields as posted (nothing else the request carried)."""
        draft = self._get()
        draft["answers"][step] = {name: form.data.getlist(name) for name in _posted_names(form) if name in form.data}
        self._put(draft)

    def start(self) -> None:
        if not self.exists:
            self._put(self._get())

    @property
    def token(self) -> str:
        """The submission token, kept with the answers from the first one saved."""
        return self._get()["token"]

    def clear(self) -> None:
        drafts = self._drafts()
        if drafts.pop(self.key, None) is not None:
            self.session[SESSION_KEY] = drafts


def _posted_names(form) -> list[str]:
    """The names a form's fields post under (a date input posts <name>_0, _1 and _2)."""
    names = []
    for name, field in form.fields.items():
        widgets = getattr(field.widget, "widgets", None)
        if widgets:
            names.extend(f"{form.add_prefix(name)}_{i}" for i in range(len(widgets)))
        else:
            names.append(form.add_prefix(name))
    return names


class Journey:
    """One user's journey for one pupil: the pages that apply, and each stored answer parsed."""

    def __init__(self, request, kind: Kind, pupil: Pupil):
        self.request, self.kind, self.pupil = request, kind, pupil
        self.draft = Draft(request, kind, pupil)
        self._stored: dict[str, object] = {}
        self._suggestions = None

    # The forms, each given what the earlier answers decide (None while those are missing).
    def form(self, step: str, data=None):
        if step == "route":
            routes_ensure_for_la(local_authority=self.pupil.home_la)
            routes = selectors.routes_for_la(self.pupil.home_la).filter(is_active=True)
            return RouteQuestionForm(data, pupil=self.pupil, routes=routes)
        if step == "needs":
            return NeedsQuestionForm(data)
        route = self.value("route", "route")
        if route is None:
            return None
        if step == "dates":
            return DatesQuestionForm(data, pupil=self.pupil, route=route)
        if step == "objectives":
            return ObjectivesQuestionForm(data, route=route)
        if step in CELL_STEPS:
            return CellQuestionForm(data, cell=CELL_STEPS[step], by_school=self.kind.by_school)
        if step == "provider":
            suggestions = self.suggestions()
            if suggestions is None:
                return None
            form = ProviderQuestionForm(
                data, pupil=self.pupil, start_date=self.value("dates", "start_date"), suggestions=suggestions
            )
            form.fields["site"].help_text = (
                f"Approved providers with places for {self.key_stage_label.lower()}: those that serve the needs "
                "you chose first, then those with a free place on the start date, then the cheapest."
            )
            return form
        raise Http404("Page not found")

    def stored(self, step: str):
        """The step's form bound to its stored answer (None when unanswered or not yet askable)."""
        if step not in self._stored:
            data = self.draft.answers(step)
            self._stored[step] = self.form(step, data) if data is not None else None
        return self._stored[step]

    def cleaned(self, step: str) -> dict | None:
        form = self.stored(step)
        return form.cleaned_data if form is not None and form.is_valid() else None

    def value(self, step: str, name: str):
        cleaned = self.cleaned(step)
        return cleaned.get(name) if cleaned else None

    @property
    def key_stage_label(self) -> str:
        start = self.value("dates", "start_date")
        return KeyStage(key_stage_on(self.pupil.date_of_birth, start)).label if start else ""

    def suggestions(self):
        """Approved sites ranked by the needs just chosen, a free place on the start date, then price."""
        needs, dates = self.cleaned("needs"), self.cleaned("dates")
        if needs is None or dates is None:
            return None
        if self._suggestions is None:
            self._suggestions = selectors.suggest_sites(
                local_authority=self.pupil.home_la,
                key_stage=key_stage_on(self.pupil.date_of_birth, dates["start_date"]),
                needs=needs["needs"],
                start=dates["start_date"],
                sessions_per_week=dates["sessions_per_week"],
                limit=SUGGESTIONS_SHOWN,
            )
        return self._suggestions

    def choices(self):
        route = self.value("route", "route")
        if route is None:
            return None
        answer = self.value("commissioner", "commissioner_choice") or ""
        return open_choices(route, by_school=self.kind.by_school, commissioner_answer=answer)

    def steps(self) -> list[str]:
        """The pages that apply to this route and this user, in order."""
        choices = self.choices()
        asked = choices.asked if choices else ()
        return [*FIRST_STEPS, *(slug for slug, cell in CELL_STEPS.items() if cell in asked), *LAST_STEPS]

    def first_unanswered(self) -> str | None:
        return next((step for step in self.steps() if self.cleaned(step) is None), None)

    def url(self, step: str, *, change: bool = False) -> str:
        url = reverse(self.kind.step_url, args=[self.pupil.pk, step])
        return f"{url}?change=1" if change else url

    def start_url(self) -> str:
        return reverse(self.kind.start_url, args=[self.pupil.pk])

    def next_url(self, step: str, *, change: bool) -> str:
        """After an answer: on to the next page, or back to the check page after a change (unless
        the change has raised a question still to answer)."""
        unanswered = self.first_unanswered()
        if change:
            # A question the change has raised is asked as a change too: answered, back to the check page.
            return self.url(unanswered, change=True) if unanswered else self.url(CHECK)
        steps = self.steps()
        following = steps[steps.index(step) + 1 :] if step in steps else []
        return self.url(following[0] if following else (unanswered or CHECK))

    def back_url(self, step: str, *, change: bool) -> str:
        if change:
            return self.url(CHECK)
        steps = self.steps()
        index = steps.index(step) if step in steps else len(steps)
        return self.url(steps[index - 1]) if index > 0 else self.start_url()

    def details(self) -> PlacementDetails:
        site = self.value("provider", "site")
        registration, main_setting = REGISTRATION_ANSWERS.get(
            self.value("registration", "registration_answer") or "", ("", "")
        )
        asked = self.steps()
        objectives = self.cleaned("objectives")
        dates = self.cleaned("dates")
        return PlacementDetails(
            pupil=self.pupil,
            route=self.value("route", "route"),
            provider=site.provider,
            site=site,
            start_date=dates["start_date"],
            end_date=dates["end_date"],
            sessions_per_week=dates["sessions_per_week"],
            attendance_pattern=dates["attendance_pattern"],
            needs=self.value("needs", "needs") or [],
            objectives=objectives["objectives"],
            reintegration_plan=objectives.get("reintegration_plan", ""),
            commissioner_choice=self.value("commissioner", "commissioner_choice") if "commissioner" in asked else "",
            lump_sum_funder_choice=self.value("lump-sum", "lump_sum_funder_choice") if "lump-sum" in asked else "",
            top_up_funder_choice=self.value("top-up", "top_up_funder_choice") if "top-up" in asked else "",
            registration_choice=registration if "registration" in asked else "",
            main_setting_choice=main_setting if "registration" in asked else "",
            submission_token=uuid.UUID(self.draft.token),
        )

"""Which of a route's "LA or school" cells a placement still has to settle, and who settles them.

Domain brief section 2: "LA or school" cells are chosen at booking time and recorded on the
placement. Who may choose follows who commits whose money or staff:

* An LA officer arranging a placement directly is the LA: they settle every open cell.
* A school asking for a placement settles whether it commissions the placement itself or asks
  the LA to (the health route). Once the LA commissions, the rest is the LA's to decide, at the
  panel: the school is not asked who pays or how the pupil is registered.
* A school commissioning its own placement settles the rest, except that it cannot commit the
  LA's money: "ask the local authority to pay" sends the request to the panel.

A rule with no database behind it (docs/architecture.md): it reads a route's rule values only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models.routes import Commissioner, Funder, RegistrationRule

COMMISSIONER = "commissioner"
LUMP_SUM = "lump_sum"
TOP_UP = "top_up"
REGISTRATION = "registration"

#: The order the questions are asked in (the commissioner first: the rest depends on it).
ORDER = (COMMISSIONER, LUMP_SUM, TOP_UP, REGISTRATION)

#: The route's field holding each cell, and the value meaning "open".
ROUTE_CELLS = {
    COMMISSIONER: ("commissioner", Commissioner.LA_OR_SCHOOL),
    LUMP_SUM: ("lump_sum_funder", Funder.LA_OR_SCHOOL),
    TOP_UP: ("top_up_funder", Funder.LA_OR_SCHOOL),
    REGISTRATION: ("registration_rule", RegistrationRule.DUAL_OR_SINGLE),
}

#: A placement's registration answer: registration and main setting in one choice.
SINGLE = "single"
DUAL_HOME_SCHOOL_MAIN = "dual_home_school"
DUAL_AP_MAIN = "dual_ap"
REGISTRATION_ANSWERS = {
    SINGLE: ("single", ""),
    DUAL_HOME_SCHOOL_MAIN: ("dual", "home_school"),
    DUAL_AP_MAIN: ("dual", "ap"),
}
#: Registration and main setting as one question (School Attendance Regulations 2024).
REGISTRATION_CHOICES = [
    (DUAL_HOME_SCHOOL_MAIN, "Dual registration, with the home school as the main setting"),
    (DUAL_AP_MAIN, "Dual registration, with the provision as the main setting"),
    (SINGLE, "Single registration at the provision (the pupil leaves the home school's roll)"),
]


@dataclass(frozen=True)
class OpenChoices:
    """The open cells of one route for one requester: asked now, or left to the panel."""

    asked: tuple[str, ...]
    left_to_panel: tuple[str, ...]


def open_cells(route) -> tuple[str, ...]:
    """The route's "LA or school" (and "dual or single") cells, in question order."""
    return tuple(name for name in ORDER if getattr(route, ROUTE_CELLS[name][0]) == ROUTE_CELLS[name][1])


def resolved_commissioner(route, commissioner_answer: str = "") -> str:
    """Who commissions: the route's rule, or the answer where the route leaves it open."""
    if route.commissioner != Commissioner.LA_OR_SCHOOL:
        return route.commissioner
    return commissioner_answer if commissioner_answer in (Commissioner.LA, Commissioner.SCHOOL) else ""


def open_choices(route, *, by_school: bool, commissioner_answer: str = "") -> OpenChoices:
    """Which open cells this requester answers, given their answer on who commissions (if any).

    An officer answers them all. A school answers who commissions; when the LA commissions the
    rest is left to the panel, otherwise the school answers it too."""
    cells = open_cells(route)
    if not by_school:
        return OpenChoices(asked=cells, left_to_panel=())
    asked = tuple(c for c in cells if c == COMMISSIONER)
    rest = tuple(c for c in cells if c != COMMISSIONER)
    commissioner = resolved_commissioner(route, commissioner_answer)
    if commissioner == Commissioner.LA:
        return OpenChoices(asked=asked, left_to_panel=rest)
    return OpenChoices(asked=asked + rest, left_to_panel=())

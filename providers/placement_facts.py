"""What the provider register needs to know about placements, which live in an app built on it
(core ← providers ← placements). placements registers these functions when it starts
(placements.apps), so providers never imports placements; until then no placement exists, and
the defaults say so: no place taken, nobody placed, no school has used a provider."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields


def _no_places_taken(*, site, key_stage: str, on: dt.date) -> int:
    return 0


def _no_places_taken_at_sites(*, site_ids: Iterable[int], on: dt.date) -> dict:
    return {}


def _no_places_taken_rows(*, site_ids, on: dt.date) -> None:
    return None


def _nobody_placed(*, providers: Iterable, on: dt.date) -> dict:
    return {}


def _no_school_has_used(*, school_org_id: int, provider) -> bool:
    return False


@dataclass
class PlacementFacts:
    #: Places taken at a site for a key stage on a day.
    places_taken: Callable[..., int] = _no_places_taken
    #: {(site id, key stage): places taken} on a day, for many sites in one query.
    places_taken_at_sites: Callable[..., dict] = _no_places_taken_at_sites
    #: The same as a query of rows (site_id, key_stage, n) for ids or a query of them, to read with
    #: other rows in one statement; None: no place is taken.
    places_taken_rows: Callable[..., object] = _no_places_taken_rows
    #: Each provider's pupils on a day, as providers.registration.PupilAtProvider lists.
    registration_inputs: Callable[..., dict] = _nobody_placed
    #: A pupil of the school has had a booked, active or ended placement with the provider.
    school_has_used_provider: Callable[..., bool] = _no_school_has_used


placement_facts = PlacementFacts()


def register_placement_facts(**functions: Callable) -> None:
    known = {f.name for f in fields(PlacementFacts)}
    unknown = set(functions) - known
    if unknown:
        raise TypeError(f"Not a placement fact: {', '.join(sorted(unknown))}")
    for name, function in functions.items():
        setattr(placement_facts, name, function)

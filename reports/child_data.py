"""What reports holds about a child, registered with apcommission.core.child_records: the census
return's entries (which placements are in an LA's return, in order). They hold ids only; the LA's
census figures kept with them may name the UPN of a problem only one pupil has, so the figures are
forgotten (and counted again by the next refresh) when a pupil in the return is anonymised."""

from __future__ import annotations

from apcommission.core.child_records import register_child_data
from placements.child_data import PUPIL_RECORDS, placement_due

from .models import CensusEntry
from .services.census import census_figures_forget


def register() -> None:
    register_child_data(
        CensusEntry,
        label="AP census return: the placements in the return (kept with the census figures)",
        pupil_path="placement__pupil",
        retention=PUPIL_RECORDS,
        runs_from="placement__pupil__date_of_birth",
        due_when=placement_due("placement__"),
        forget=census_figures_forget,
        order=60,
    )

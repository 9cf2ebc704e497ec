"""The AP census return's figures for the page (docs/adr/0005-maintained-figures.md): how many
placements are in an LA's return and what to put right before it is submitted. Counting them reads
every placement running on census day with its pupil and setting, so they are counted by
reports.services.census every few minutes and read as one row; the page says when ("as of 10:45").
The return's placements are kept in the return's order with them (CensusEntry), so that a page of
25 pupils is read by position rather than found by walking every pupil in name order. The CSV and
what the page's rows show are read live."""

from __future__ import annotations

from django.db import models

from apcommission.core.models import Organisation
from placements.models import Placement


class CensusFigures(models.Model):
    """One LA's census check for one census day, as counted at `as_of`: the number of placements in
    the return and the problems, as `census_check` words them (a problem of one pupil names the
    UPN, as the page's row does). Recounted when the LA's placement figures have been recounted
    since (something changed), when the census day moves, and every 15 minutes."""

    local_authority = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="census_figures")
    census_day = models.DateField(help_text="The census day the figures describe.")
    as_of = models.DateTimeField(help_text="When they were counted.")
    placements = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list)

    class Meta:
        verbose_name_plural = "census figures"

    def __str__(self) -> str:
        return f"Census figures for {self.census_day:%d/%m/%Y} as of {self.as_of:%H:%M}"


class CensusEntry(models.Model):
    """One placement of an LA's return at `position` in the return's order (surname, forename,
    pupil, start date, placement), as counted with the LA's CensusFigures; renumbered from 1 at
    every count. Only ids: what the page shows of the placement is read live."""

    figures = models.ForeignKey(CensusFigures, on_delete=models.CASCADE, related_name="entries")
    # Signed, and bound as a plain integer: a page's statement is compiled with a negative stand-in
    # for the position (core.compiled).
    position = models.BigIntegerField()
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="census_entries")

    class Meta:
        verbose_name_plural = "census entries"
        constraints = [
            # A page is read from this index: the entries after a position, in order.
            models.UniqueConstraint(fields=["figures", "position"], name="census_entry_position_once")
        ]

    def __str__(self) -> str:
        return f"Census entry {self.position}"

"""A provider's deadlines (its next QA review, its compliance documents expiring) are kept by the
statutory clock of the placements app, built on this one (core ← providers ← placements), so
that they are reminded of and listed as every other deadline is. placements registers what works
them out again when it starts (placements.apps); the provider services here call it in the
transaction of every change to a QA review, a document or the provider's status. Until it is
registered no clock exists, and nothing is to be done."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def _no_clock(*, provider_ids: Iterable[int]) -> None:
    return None


_refresh: list[Callable[..., object]] = [_no_clock]


def register_provider_deadlines(refresh: Callable[..., object]) -> None:
    """placements registers `refresh(provider_ids=...)`, which works those providers' deadlines out
    again and stores them."""
    _refresh[0] = refresh


def provider_deadlines_changed(*, provider_ids: Iterable[int]) -> None:
    """A QA review, a document or a provider's status changed: its deadlines follow, in the
    caller's transaction."""
    _refresh[0](provider_ids=list(provider_ids))

"""Who pays a placement's top-up and lump sum, from the funders its route snapshot resolved to
(placements' `top_up_funder` and `lump_sum_funder`; domain brief section 2).

The LA pays — from the High Needs Block — when the funder is the LA, or "recovery of AWPU from the
school" (the LA pays the provider and recovers the AWPU through the exclusion adjustment). The
school pays when the funder is the school, by local agreement or not. An "LA or school" choice is
made at booking; if one were ever left open, the LA is shown as paying so that the High Needs
Block figures err on the side of the higher spend. **[unsure]**: a choice left open is a data error.
"""

from __future__ import annotations

from placements.models import Funder

from .models.hnb import Payer

SCHOOL_FUNDERS = frozenset({Funder.SCHOOL, Funder.SCHOOL_BY_AGREEMENT})
LA_FUNDERS = frozenset({Funder.LA, Funder.AWPU_RECOVERY, Funder.LA_OR_SCHOOL})


def payer_for(funder: str) -> str:
    """Payer.SCHOOL or Payer.LA for a resolved funder."""
    return Payer.SCHOOL if funder in SCHOOL_FUNDERS else Payer.LA

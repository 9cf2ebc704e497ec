"""A list's row addresses built from one reversed prefix are the addresses reverse() gives."""

from django.urls import reverse

from apcommission.core.addresses import address_of


def test_a_row_address_is_the_reversed_address_of_its_id():
    for name in ("placements:placement-detail", "placements:pupil-detail", "providers:detail"):
        address = address_of(name)
        for pk in (1, 42, 9_876_543_210, 12_345_678_901):
            assert address(pk) == reverse(name, args=[pk])

"""A placement's reference: what a school quotes when it phones the LA about its request.

Eight characters from an alphabet with no letters that read as digits (no I, L, O, U, S: Crockford's
base 32 without S), in two groups of four after "AP", like AP-7K3M-9QXD. Random, so a reference
says nothing about how many requests the LA has, and cannot be guessed from another. One in about
a trillion for any two to clash; the column is unique, so a clash would refuse the insert rather
than share a reference.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRTVWXYZ"
PATTERN = re.compile(rf"^AP-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference() -> str:
    """A fresh reference, like AP-7K3M-9QXD."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"AP-{chars[:4]}-{chars[4:]}"


def is_reference(text: str) -> bool:
    return bool(PATTERN.match(text))

"""A create form's submission token, used once (apcommission.core.models.submissions).

`create_once(token, user, create, **kwargs)` runs `create(**kwargs)` for the first POST carrying
`token` and returns what it made; a repeat of that POST runs nothing and returns the first one's
record. Without a token (a form posted by a script) it simply creates."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from ..models import FormSubmission

T = TypeVar("T")
ALREADY_SENT = "This form has already been sent. Go back to the page and start again to send another"


def create_once(token: uuid.UUID | None, user, create: Callable[..., T], /, **kwargs) -> T:
    if token is None:
        return create(**kwargs)
    by = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(token=token, user=by)
        except IntegrityError:  # sent before (on PostgreSQL: waits for the first to finish)
            first = FormSubmission.objects.filter(token=token).first()
            if first is None or first.user_id != getattr(by, "pk", None):
                raise ValidationError(ALREADY_SENT) from None
            made = first.made()
            if made is None and first.content_type_id:  # what it made is gone since
                raise ValidationError(ALREADY_SENT)
            return made
        made = create(**kwargs)
        if isinstance(made, models.Model) and made.pk is not None:
            claim.content_type = ContentType.objects.get_for_model(made)
            claim.object_id = str(made.pk)
            claim.save(update_fields=["content_type", "object_id"])
        return made

"""What every model of the service shares: created and modified times, and the validators of
national identifiers used across apps."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

URN_VALIDATOR = RegexValidator(r"^\d{6}$", "Enter a URN of 6 digits, like 123456")


LA_CODE_VALIDATOR = RegexValidator(r"^\d{3}$", "Enter an LA number of 3 digits, like 884")


class TimeStampedModel(models.Model):
    """Created and modified on every model (data-hub-api's BaseModel)."""

    created_on = models.DateTimeField(default=timezone.now, editable=False)
    modified_on = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

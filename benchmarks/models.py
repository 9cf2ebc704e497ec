"""The reference page's table: 100,000 rows read 50 at a time through one indexed query."""

from django.db import models


class ReferenceRow(models.Model):
    name = models.CharField(max_length=100)
    number = models.IntegerField()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"], name="reference_name_idx")]

    def __str__(self) -> str:
        return self.name

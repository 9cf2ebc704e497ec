"""Mark the permanent exclusions whose excluding school's reduction is calculated and not waived
(placements.Exclusion.reduction_calculated, kept by funding.services.recoupment from now on)."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def mark_calculated(apps, schema_editor):
    Exclusion = apps.get_model("placements", "Exclusion")
    Recoupment = apps.get_model("funding", "Recoupment")
    live = Recoupment.objects.filter(exclusion=OuterRef("pk"), kind="excluding").exclude(status="waived")
    Exclusion.objects.filter(Exists(live)).update(reduction_calculated=True)


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0010_commitment_summary_version"),
        ("placements", "0021_exclusion_reduction_calculated"),
    ]

    operations = [migrations.RunPython(mark_calculated, migrations.RunPython.noop)]

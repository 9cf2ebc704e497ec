"""Each pupil's UPN checked once and the answer stored (Pupil.upn_problems), so that the AP census
counts its UPN problems in the database instead of checking every pupil's UPN on every view."""

from django.db import migrations, models

from placements.upn import upn_error_bits

BATCH = 5000


def check_every_upn(apps, schema_editor):
    Pupil = apps.get_model("placements", "Pupil")  # noqa: N806 - a model
    by_bits: dict[int, list[int]] = {}
    for pk, upn in Pupil.objects.values_list("pk", "upn").iterator(chunk_size=BATCH):
        by_bits.setdefault(upn_error_bits(upn), []).append(pk)
    for bits, ids in by_bits.items():
        for start in range(0, len(ids), BATCH):
            Pupil.objects.filter(pk__in=ids[start : start + BATCH]).update(upn_problems=bits)


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0014_register_by_provider_and_end_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpupil",
            name="upn_problems",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name="UPN problems"),
        ),
        migrations.AddField(
            model_name="pupil",
            name="upn_problems",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name="UPN problems"),
        ),
        migrations.RunPython(check_every_upn, migrations.RunPython.noop),
    ]

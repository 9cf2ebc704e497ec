"""The recoupment list reads a local authority's calculations newest first, a page at a time."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0003_invoice_list_newest_first_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='recoupment',
            index=models.Index(fields=['local_authority', '-relevant_date', '-id'], name='recoupment_la_newest_idx'),
        ),
    ]

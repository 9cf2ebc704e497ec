"""The invoice list reads a local authority's invoices newest first, a page at a time."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0002_placements_traded_offer_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(fields=["local_authority", "-received_on", "-id"], name="invoice_la_newest_idx"),
        ),
    ]

"""An index for the placements arranged under the traded offer (`traded_placements`): a school's
own placements by start date, so that a school's count for a financial year (contributions, cost
recovery, equity of access) reads that school's year and not every placement it ever requested.

The index is on the placements table but serves only the funding reads, so it is created here with
SQL and is not part of the Placement model's state."""

from django.db import migrations

INDEX = "placement_traded_offer_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_place_funding_top_ups_recoupment_invoices_and_high_needs_block"),
        ("placements", "0005_exclusions"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                f"CREATE INDEX {INDEX} ON placements_placement (requesting_school_id, start_date) "
                "WHERE commissioner = 'school'"
            ),
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]

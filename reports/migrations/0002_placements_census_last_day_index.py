"""An index for the AP census return: placements by the day they ended, or else their planned end
(`census_placements` filters on that one expression), so that the placements running on census day
are found without reading every placement the LA ever made.

The index is on the placements table but serves only the census, so it is created here with SQL
and is not part of the Placement model's state."""

from django.db import migrations

INDEX = "placement_census_last_day_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_plans_improvement_archive"),
        ("placements", "0005_exclusions"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {INDEX} ON placements_placement ((COALESCE(ended_on, end_date)))",
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]

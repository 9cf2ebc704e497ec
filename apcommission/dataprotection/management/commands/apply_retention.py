"""Apply the retention schedule now (the nightly task does the same): `--dry-run` to see what
would be anonymised or deleted, `--on 2037-01-15` to act as on another day."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from apcommission.dataprotection.services import retention_apply


class Command(BaseCommand):
    help = "Anonymise or delete child records past their retention date (docs/data-protection.md)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done; change nothing.")
        parser.add_argument("--on", help="Act as on this day (YYYY-MM-DD); today by default.")

    def handle(self, *args, dry_run=False, on=None, **options):
        try:
            day = dt.date.fromisoformat(on) if on else None
        except ValueError:
            raise CommandError(f"--on must be a date as YYYY-MM-DD, not {on!r}") from None
        report = retention_apply(on=day, dry_run=dry_run)
        verb = "Would" if dry_run else "Did"
        for (label, action), count in sorted(report.done.items()):
            self.stdout.write(f"{verb} {action}: {count} × {label}")
        self.stdout.write(f"{report.total} records {'due' if dry_run else 'done'} on {report.on:%Y-%m-%d}.")

"""`manage.py backup`: one archive of the database and uploaded files (docs/operations.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apcommission.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or a copy of SQLite) and MEDIA_ROOT into one archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=getattr(settings, "BACKUP_DIR", None) or str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Where to write the archive (BACKUP_DIR; default var/backups).",
        )
        parser.add_argument("--recipient", help="Encrypt to this GnuPG public key (e-mail or fingerprint).")
        parser.add_argument("--passphrase-file", help="Encrypt with the passphrase in this file (AES-256).")

    def handle(self, *args, output_dir, recipient=None, passphrase_file=None, **options):
        try:
            result = backup(
                output_dir=Path(output_dir),
                recipient=recipient,
                passphrase_file=Path(passphrase_file) if passphrase_file else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = result.manifest["tables"]
        self.stdout.write(
            f"Backed up {len(tables)} tables ({sum(t['rows'] for t in tables.values())} rows) and "
            f"{len(result.manifest['media'])} files to {result.path} ({result.size_bytes} bytes) "
            f"in {result.seconds:.1f} s."
        )

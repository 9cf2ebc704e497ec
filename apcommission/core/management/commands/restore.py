"""`manage.py restore ARCHIVE --yes`: replace the database and uploaded files with a backup, then
check every table's row count and a sample of rows, and every file, against the backup's manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apcommission.core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into DATABASE_URL and MEDIA_ROOT (replacing them)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar or .tar.gpg file.")
        parser.add_argument("--passphrase-file", help="For an archive encrypted with a passphrase.")
        parser.add_argument("--media-root", help="Restore the files here instead of MEDIA_ROOT.")
        parser.add_argument("--yes", action="store_true", help="Confirm: the database and files are replaced.")

    def handle(self, *args, archive, passphrase_file=None, media_root=None, yes=False, **options):
        if not yes:
            raise CommandError("Restoring replaces the database and uploaded files: run again with --yes")
        if not Path(archive).is_file():
            raise CommandError(f"No archive at {archive}")
        try:
            result = restore(
                archive=Path(archive),
                passphrase_file=Path(passphrase_file) if passphrase_file else None,
                media_root=Path(media_root) if media_root else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {result.tables} tables ({result.rows} rows) and {result.files} files in {result.seconds:.1f} s."
        )
        if result.mismatches:
            raise CommandError("The restore does not match the backup:\n" + "\n".join(result.mismatches[:50]))
        self.stdout.write("Every table's row count and sample, and every file, match the backup.")

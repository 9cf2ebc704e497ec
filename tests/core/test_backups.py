"""Backups that restore: an archive of the database and uploaded files, optionally encrypted,
restored into another database with identical row counts and samples, and identical files."""

import copy
import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from apcommission.core import backups
from apcommission.core.backups import BackupError, backup, database_fingerprint, media_fingerprint, restore
from apcommission.core.models import Organisation
from placements.models import Pupil


@pytest.fixture
def media(tmp_path):
    root = tmp_path / "media"
    (root / "subject-access").mkdir(parents=True)
    (root / "subject-access" / "export.zip").write_bytes(b"PK\x03\x04 a child's export")
    (root / "evidence.pdf").write_bytes(b"%PDF-1.7 evidence")
    return root


@pytest.fixture
def sqlite_alias(tmp_path):
    """A file-based SQLite database of its own (the test database is in memory)."""
    path = tmp_path / "service.sqlite3"
    database = sqlite3.connect(path)
    database.executescript(
        "CREATE TABLE pupil (id INTEGER PRIMARY KEY, name TEXT, born DATE);"
        "INSERT INTO pupil (name, born) VALUES ('Ada', '2012-01-15'), ('Ben', '2013-02-01');"
    )
    database.commit()
    database.close()
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict.update(ENGINE="django.db.backends.sqlite3", NAME=str(path), OPTIONS={})
    connections.settings["backup_test"] = settings_dict
    yield "backup_test", path
    connections["backup_test"].close()
    del connections.settings["backup_test"]


def test_a_sqlite_backup_restores_with_the_same_rows_and_files(sqlite_alias, media, tmp_path):
    alias, path = sqlite_alias
    result = backup(output_dir=tmp_path / "out", alias=alias, media_root=media)
    assert result.path.name.startswith("apcommission-backup-") and result.path.suffix == ".tar"
    assert result.manifest["tables"]["pupil"]["rows"] == 2
    database = sqlite3.connect(path)
    database.execute("DELETE FROM pupil")
    database.commit()
    database.close()
    (media / "evidence.pdf").write_bytes(b"changed")
    restored = restore(archive=result.path, alias=alias, media_root=media)
    assert restored.mismatches == []
    assert sqlite3.connect(path).execute("SELECT name FROM pupil ORDER BY id").fetchall() == [("Ada",), ("Ben",)]
    assert (media / "evidence.pdf").read_bytes() == b"%PDF-1.7 evidence"


def test_an_encrypted_backup_needs_its_passphrase(sqlite_alias, media, tmp_path):
    alias, _ = sqlite_alias
    secret = tmp_path / "passphrase"
    secret.write_text("correct horse battery staple")
    result = backup(output_dir=tmp_path / "out", alias=alias, media_root=media, passphrase_file=secret)
    assert result.path.name.endswith(".tar.gpg")
    assert b"Ada" not in result.path.read_bytes()
    wrong = tmp_path / "wrong"
    wrong.write_text("not it")
    with pytest.raises(BackupError):
        restore(archive=result.path, alias=alias, media_root=media, passphrase_file=wrong)
    assert restore(archive=result.path, alias=alias, media_root=media, passphrase_file=secret).mismatches == []


def test_a_damaged_archive_is_refused_before_anything_is_replaced(sqlite_alias, media, tmp_path, monkeypatch):
    alias, path = sqlite_alias
    result = backup(output_dir=tmp_path / "out", alias=alias, media_root=media)
    monkeypatch.setattr(backups, "_sha256_file", lambda p: "0" * 64)
    database = sqlite3.connect(path)
    database.execute("INSERT INTO pupil (name) VALUES ('Cy')")
    database.commit()
    database.close()
    with pytest.raises(BackupError, match="damaged"):
        restore(archive=result.path, alias=alias, media_root=media)
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM pupil").fetchone() == (3,)


def test_no_half_written_archive_is_left_when_the_dump_fails(sqlite_alias, media, tmp_path, monkeypatch):
    alias, _ = sqlite_alias

    def broken(*args, **kwargs):
        raise BackupError("disk full")

    monkeypatch.setattr(backups, "_dump_database", broken)
    with pytest.raises(BackupError):
        backup(output_dir=tmp_path / "out", alias=alias, media_root=media)
    assert list((tmp_path / "out").iterdir()) == []


def test_restore_asks_for_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "none.tar"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_demo_county_backed_up_on_postgresql_restores_into_a_new_database_identically(tmp_path, settings, media):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (pg_dump and pg_restore)")
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(media)
    call_command("seed_demo", stdout=StringIO())
    assert Pupil.objects.exists()
    out = StringIO()
    call_command("backup", "--output-dir", str(tmp_path / "out"), stdout=out)
    archive = next((tmp_path / "out").iterdir())
    original, original_files = database_fingerprint("default"), media_fingerprint(media)
    target = f"{connection.settings_dict['NAME']}_restored"
    admin = {**connection.settings_dict}
    psql = ["psql", "-h", admin["HOST"] or "127.0.0.1", "-p", str(admin["PORT"] or 5432), "-U", admin["USER"]]
    psql += ["-d", "postgres", "-c"]
    subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{target}"'], check=True, capture_output=True)
    subprocess.run([*psql, f'CREATE DATABASE "{target}"'], check=True, capture_output=True)
    # The restore runs as an operator would run it: another process, DATABASE_URL naming the new database.
    env = {**os.environ, "DATABASE_URL": f"postgres://{admin['USER']}@{psql[2]}:{psql[4]}/{target}",
           "DJANGO_SETTINGS_MODULE": "apcommission.settings.test"}  # fmt: skip
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    try:
        restored_media = tmp_path / "restored-media"
        result = subprocess.run(
            [*manage, "restore", str(archive), "--yes", "--media-root", str(restored_media)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "match the backup" in result.stdout
        fingerprint = subprocess.run(
            [*manage, "shell", "-c",
             "import json; from apcommission.core.backups import database_fingerprint as f; print(json.dumps(f()))"],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        restored = json.loads(fingerprint.stdout.strip().splitlines()[-1])
        assert restored == original
        assert restored["placements_pupil"]["rows"] == Pupil.objects.count() > 0
        assert restored["core_organisation"]["rows"] == Organisation.objects.count()
        assert media_fingerprint(restored_media) == original_files
    finally:
        subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{target}"'], check=False, capture_output=True)

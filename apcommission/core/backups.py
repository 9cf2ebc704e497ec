"""Backups that restore: the database and uploaded files in one archive, optionally encrypted.

An archive (`apcommission-backup-<UTC time>.tar`, or `.tar.gpg` when encrypted) holds:

- `database.dump`: `pg_dump --format=custom` of PostgreSQL, or `database.sqlite3`: a consistent
  copy of the quick start's SQLite file (SQLite's online backup, safe while the service runs);
- `media.tar.gz`: everything under MEDIA_ROOT (uploaded evidence, subject access exports);
- `manifest.json`: when, from which engine, the row count of every table, a SHA-256 of a sample of
  each table's rows (the first rows by primary key) and of every uploaded file, and of the two
  members above.

`restore` decrypts, checks the members against the manifest, loads the database into the target
(`pg_restore --clean --if-exists --no-owner`, or a file copy) and the files into MEDIA_ROOT, then
counts and fingerprints the restored database and compares with the manifest. Every file is written
under a temporary name and renamed when complete, so an interrupted run leaves no half archive.
Encryption is GnuPG: to a public key (`recipient`, so the server never holds the key that reads
backups) or with a passphrase file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction

SAMPLE_ROWS = 50
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """Something a person must fix (a missing tool, a wrong passphrase, a mismatch after restore)."""


@dataclass
class BackupResult:
    path: Path
    seconds: float
    size_bytes: int
    manifest: dict


@dataclass
class RestoreResult:
    seconds: float
    tables: int
    rows: int
    files: int
    mismatches: list[str] = field(default_factory=list)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _run(command: list[str], *, env: dict | None = None) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (needed for {' '.join(command[:2])})") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[:2000]}")


def _pg_env_and_args(db: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def database_fingerprint(alias: str = "default") -> dict:
    """Row counts of every table, and a SHA-256 of the first SAMPLE_ROWS rows of each, ordered by
    every column: a history table's first column is the recorded row's id, which its rows share,
    so ordering by it alone left ties in whatever order the database found them."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        return _fingerprint(cursor, names, connection.ops.quote_name)


def _fingerprint(cursor, names, quote) -> dict:
    tables = {}
    for table in sorted(names):
        quoted = quote(table)
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - names from the catalogue
        count = cursor.fetchone()[0]
        cursor.execute(f"SELECT * FROM {quoted} LIMIT 0")  # noqa: S608 - its columns
        every_column = ", ".join(str(position) for position in range(1, len(cursor.description) + 1))
        cursor.execute(f"SELECT * FROM {quoted} ORDER BY {every_column} LIMIT {SAMPLE_ROWS}")  # noqa: S608
        sample = hashlib.sha256(repr([tuple(_plain(v) for v in row) for row in cursor.fetchall()]).encode())
        tables[table] = {"rows": count, "sample_sha256": sample.hexdigest()}
    return tables


def _sqlite_fingerprint(path: Path) -> dict:
    database = sqlite3.connect(str(path))
    try:
        cursor = database.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        names = [row[0] for row in cursor.fetchall()]
        return _fingerprint(cursor, names, lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        database.close()


def _plain(value):
    """The same text for a value however the driver returns it (memoryview vs bytes)."""
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def media_fingerprint(media_root: Path) -> dict[str, str]:
    if not media_root.exists():
        return {}
    return {
        str(path.relative_to(media_root)): _sha256_file(path)
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }


def _dump_database(alias: str, target: Path) -> tuple[str, dict]:
    """Write the database to `target`; returns the member's name and the fingerprint of exactly
    what was written (PostgreSQL: counted in the snapshot pg_dump reads; SQLite: in the copy)."""
    connection = connections[alias]
    db = connection.settings_dict
    engine = db["ENGINE"]
    if engine == "django.db.backends.postgresql":
        env, args = _pg_env_and_args(db)
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args, str(db["NAME"])]
        if connection.in_atomic_block:  # cannot choose the isolation level: count, then dump
            tables = database_fingerprint(alias)
            _run(command, env=env)
            return "database.dump", tables
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _fingerprint(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)
            _run([*command[:1], f"--snapshot={snapshot}", *command[1:]], env=env)
        return "database.dump", tables
    if engine == "django.db.backends.sqlite3":
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target))
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return "database.sqlite3", _sqlite_fingerprint(target)
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}")


def _gpg_encrypt(source: Path, target: Path, *, recipient: str | None, passphrase_file: Path | None) -> None:
    command = ["gpg", "--batch", "--yes", "--output", str(target)]
    if recipient:
        command += ["--trust-model", "always", "--encrypt", "--recipient", recipient]
    else:
        command += ["--pinentry-mode", "loopback", "--passphrase-file", str(passphrase_file)]
        command += ["--symmetric", "--cipher-algo", "AES256"]
    _run([*command, str(source)])


def _gpg_decrypt(source: Path, target: Path, *, passphrase_file: Path | None) -> None:
    command = ["gpg", "--batch", "--yes", "--output", str(target)]
    if passphrase_file:
        command += ["--pinentry-mode", "loopback", "--passphrase-file", str(passphrase_file)]
    _run([*command, "--decrypt", str(source)])


def backup(
    *,
    output_dir: Path,
    alias: str = "default",
    media_root: Path | None = None,
    recipient: str | None = None,
    passphrase_file: Path | None = None,
    now: dt.datetime | None = None,
) -> BackupResult:
    """Write one archive of the database and uploaded files into `output_dir`."""
    started = time.monotonic()
    db = connections[alias].settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3" and connections[alias].is_in_memory_db():
        raise BackupError("An in-memory SQLite database cannot be backed up")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        work_dir = Path(work)
        member, tables = _dump_database(alias, work_dir / "database.part")
        (work_dir / "database.part").rename(work_dir / member)
        with tarfile.open(work_dir / "media.tar.gz", "w:gz") as media:
            if media_root.exists():
                media.add(media_root, arcname="media")
        manifest = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": db["ENGINE"],
            "database_member": member,
            "tables": tables,
            "media": media_fingerprint(media_root),
            "members": {name: _sha256_file(work_dir / name) for name in (member, "media.tar.gz")},
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        plain = work_dir / "archive.tar"
        with tarfile.open(plain, "w") as archive:
            for name in (MANIFEST, member, "media.tar.gz"):
                archive.add(work_dir / name, arcname=name)
        encrypted = bool(recipient or passphrase_file)
        final = output_dir / f"apcommission-backup-{stamp}.tar{'.gpg' if encrypted else ''}"
        if encrypted:
            _gpg_encrypt(plain, work_dir / "archive.gpg", recipient=recipient, passphrase_file=passphrase_file)
            plain = work_dir / "archive.gpg"
        os.replace(plain, final)
    os.chmod(final, 0o600)
    return BackupResult(final, time.monotonic() - started, final.stat().st_size, manifest)


def _extract(archive: Path, work_dir: Path, passphrase_file: Path | None) -> dict:
    plain = archive
    if archive.suffix == ".gpg":
        plain = work_dir / "archive.tar"
        _gpg_decrypt(archive, plain, passphrase_file=passphrase_file)
    with tarfile.open(plain) as tar:
        tar.extractall(work_dir, filter="data")
    manifest = json.loads((work_dir / MANIFEST).read_text())
    for name, expected in manifest["members"].items():
        if _sha256_file(work_dir / name) != expected:
            raise BackupError(f"{name} in the archive does not match its checksum: the archive is damaged")
    return manifest


def _load_database(manifest: dict, work_dir: Path, db: dict) -> None:
    member = manifest["database_member"]
    if db["ENGINE"] != manifest["engine"]:
        raise BackupError(f"The archive is of {manifest['engine']}; the target database is {db['ENGINE']}")
    if member == "database.dump":
        env, args = _pg_env_and_args(db)
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", *args,
             "--dbname", str(db["NAME"]), str(work_dir / member)],
            env=env,
        )  # fmt: skip
    else:
        target = Path(db["NAME"])
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(work_dir / member, partial)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(partial, target)


def _load_media(work_dir: Path, media_root: Path) -> None:
    staging = media_root.with_name(media_root.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(work_dir / "media.tar.gz") as media:
        media.extractall(staging, filter="data")
    restored = staging / "media"
    restored.mkdir(parents=True, exist_ok=True)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    old = media_root.with_name(media_root.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media_root.exists():
        os.replace(media_root, old)
    os.replace(restored, media_root)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def compare(manifest: dict, tables: dict, media: dict) -> list[str]:
    """What differs between the manifest and a restored database and media folder."""
    problems = []
    for table, expected in manifest["tables"].items():
        got = tables.get(table)
        if got is None:
            problems.append(f"table {table} is missing")
        elif got != expected:
            problems.append(f"table {table}: {got['rows']} rows (expected {expected['rows']}) or sample differs")
    for name, digest in manifest["media"].items():
        if media.get(name) != digest:
            problems.append(f"file {name} is missing or differs")
    return problems


def restore(
    *,
    archive: Path,
    alias: str = "default",
    media_root: Path | None = None,
    passphrase_file: Path | None = None,
) -> RestoreResult:
    """Load `archive` into the database `alias` and MEDIA_ROOT (replacing what is there), then check
    that every table's count and sample, and every file, match the manifest."""
    started = time.monotonic()
    db = connections[alias].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="apcommission-restore-") as work:
        work_dir = Path(work)
        manifest = _extract(Path(archive), work_dir, passphrase_file)
        connections[alias].close()
        _load_database(manifest, work_dir, db)
        _load_media(work_dir, media_root)
    connections[alias].close()
    if db["ENGINE"] == "django.db.backends.sqlite3":
        tables = _sqlite_fingerprint(Path(db["NAME"]))
    else:
        tables = database_fingerprint(alias)
    media = media_fingerprint(media_root)
    return RestoreResult(
        seconds=time.monotonic() - started,
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        files=len(media),
        mismatches=compare(manifest, tables, media),
    )

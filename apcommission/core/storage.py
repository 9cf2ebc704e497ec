"""File storage that never leaves a half-written file.

Django's FileSystemStorage writes straight into the final name, so a full disk (or a killed
process) leaves a truncated file that a record may point at. Here each upload is written to a
temporary file in the same folder, flushed to disk, and only then linked to its final name (which
fails rather than overwrite); whatever happens, the temporary file is removed. A full disk raises
`StorageFull`, which `StorageFullMiddleware` turns into a clear page (507), never a 500."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile

from django.core.files import locks
from django.core.files.storage import FileSystemStorage

#: errno values that mean "no room": the disk, or the account's quota.
FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


class StorageFull(OSError):
    """There is no room to store the file; nothing was stored."""


def _write(content, handle) -> None:
    """Copy the upload into `handle` (split out so a test can fill the disk part-way)."""
    if hasattr(content, "temporary_file_path"):
        with open(content.temporary_file_path(), "rb") as source:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                handle.write(chunk)
    else:
        for chunk in content.chunks():
            handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        try:
            if self.directory_permissions_mode is not None:
                old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
                try:
                    os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
                finally:
                    os.umask(old_umask)
            else:
                os.makedirs(directory, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        except OSError as error:
            raise self._translated(error) from error
        try:
            with os.fdopen(descriptor, "wb") as handle:
                locks.lock(handle, locks.LOCK_EX)
                _write(content, handle)
                handle.flush()
                os.fsync(handle.fileno())
            while True:
                try:
                    os.link(temporary, full_path)  # never replaces a file another upload claimed
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        except OSError as error:
            raise self._translated(error) from error
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return str(name).replace("\\", "/")

    @staticmethod
    def _translated(error: OSError) -> OSError:
        if error.errno in FULL:
            return StorageFull(error.errno, "There is no room left to store files")
        return error

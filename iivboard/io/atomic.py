"""Writing a file whole or not at all.

Every file iivboard writes (settings, templates, the question bank, exports, calendar
files, backups) goes through here: the bytes go to a hidden temporary file beside the
target, are flushed to disk, and only then renamed over it. A crash or a full disk leaves
the old file (or none), never half of a new one. Files that hold other people's details
are created 0600, so they are private from their first byte.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600
# What a settings or template file gets: the user's umask decides, as for any new file.
_SHARED = 0o666


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once at import, before any worker
    # thread exists, so no other thread ever creates a file under a umask of 0.
    current = os.umask(0o077)
    os.umask(current)
    return current


_UMASK = _read_umask()


def _resolve(target: str | os.PathLike[str]) -> Path:
    """The real file: a symlinked settings or bank file is written through its link, as an
    editor would, instead of the link being replaced by a new file."""
    return Path(target).expanduser().resolve()


def _mode_for(path: Path, private: bool) -> int:
    if private:
        return PRIVATE
    try:
        return os.stat(path).st_mode & 0o777  # an existing file keeps the mode it has
    except FileNotFoundError:
        return _SHARED & ~_UMASK


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: without this a power cut can bring the old file back."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(target: str | os.PathLike[str], *, private: bool = True) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace `target` when the block ends without error.

    On an error the temporary file is removed and the target is untouched. `private`
    makes the file 0600 (contacts' data); otherwise it gets the usual mode for a new file.
    OSError (a missing folder, a full disk) propagates for the caller to word.
    """
    path = _resolve(target)
    mode = _mode_for(path, private)
    # mkstemp creates the file 0600 before a byte is written.
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if mode != PRIVATE:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def write_bytes(target: str | os.PathLike[str], data: bytes, *, private: bool = True) -> Path:
    """Replace `target` with `data`, atomically; returns the path written."""
    path = Path(target).expanduser()
    with atomic_open(path, private=private) as out:
        out.write(data)
    return path


def write_text(target: str | os.PathLike[str], text: str, *, private: bool = True) -> Path:
    """Replace `target` with `text` as UTF-8, atomically; newlines are written as given."""
    return write_bytes(target, text.encode("utf-8"), private=private)


def write_with(
    target: str | os.PathLike[str],
    produce: Callable[[str], None],
    *,
    private: bool = True,
) -> Path:
    """For a writer that needs a path rather than a handle (SQLite's backup API): `produce`
    fills the temporary path given, which then replaces `target`."""
    path = _resolve(target)
    mode = _mode_for(path, private)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    temp = Path(temp_name)
    try:
        produce(temp_name)
        with open(temp, "rb+") as out:
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return path

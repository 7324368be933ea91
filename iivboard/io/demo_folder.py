"""The throwaway folder --demo runs in, and the ones a killed demo left behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

PREFIX = "iivboard-demo-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge
    return True


def sweep_stale(root: Path | None = None) -> int:
    """Remove demo folders whose process is gone (a kill skips the cleanup); returns how many.

    The folder's name carries the pid of the demo that made it, so a demo still running in
    another terminal keeps its folder."""
    root = root or Path(tempfile.gettempdir())
    removed = 0
    for folder in root.glob(f"{PREFIX}*"):
        pid_text = folder.name[len(PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
            continue
        if not _alive(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += not folder.exists()
    return removed


@contextlib.contextmanager
def demo_folder(root: Path | None = None) -> Iterator[Path]:
    """A private folder for one demo, removed when the demo ends."""
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-", dir=root) as folder:
        yield Path(folder)

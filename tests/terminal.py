"""Run iivboard in a real pseudo-terminal, type into it and kill it, for crash tests."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import signal
import struct
import sys
import termios
import threading
import time

_ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


class Terminal:
    def __init__(self, args: list[str], env: dict[str, str], cols: int = 160, rows: int = 45):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the app
            os.execvpe(
                sys.executable,
                [sys.executable, "-m", "iivboard", *args],
                dict(env, TERM="xterm-256color"),
            )
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.raw = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.raw.extend(chunk)

    @property
    def text(self) -> str:
        """Everything drawn so far, escape codes removed (positions are lost, words kept)."""
        with self._lock:
            data = bytes(self.raw)
        return _ANSI.sub("", data.decode("utf-8", "replace"))

    def wait_for(self, needle: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{needle!r} never appeared; screen: {self.text[-500:]!r}")
            time.sleep(0.05)

    def type(self, keys: str, delay: float = 0.0) -> None:
        for key in keys:
            os.write(self.fd, key.encode())
            if delay:
                time.sleep(delay)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)

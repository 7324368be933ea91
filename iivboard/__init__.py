"""iivboard: a keyboard-driven terminal board for informational interviews."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is written once, in pyproject.toml; read it only when asked, so importing
    # the package does not pay for importlib.metadata.
    if name == "__version__":
        from iivboard.cli import package_version

        return package_version()
    raise AttributeError(name)

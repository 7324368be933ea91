"""Where the palette's Screenshot goes: a picture of the screen holds contacts' details."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import platformdirs

from iivboard.io.atomic import write_text
from iivboard.io.settings import data_dir


def screenshot_folder() -> Path:
    """The Downloads folder when there is one, else a folder of iivboard's own (0700)."""
    downloads = platformdirs.user_downloads_path()
    if downloads.is_dir():
        return downloads
    return data_dir() / "screenshots"


def save_screenshot(svg: str, taken: dt.datetime, folder: Path | None = None) -> Path:
    """Write the SVG whole or not at all, readable by its owner only; returns the path."""
    folder = folder or screenshot_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"iivboard {taken.strftime('%Y-%m-%d %H.%M.%S')}.svg"
    return write_text(folder / name, svg)

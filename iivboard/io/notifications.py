"""Desktop notifications (desktop-notifier: D-Bus on Linux, the notification centre on
macOS), and the small file that remembers what was already announced.

The notification service may be missing (a server, a container, a cron job outside the
desktop session): `send` then says so by returning False, and the caller prints instead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import html
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from iivboard.domain.reminders import Announced, Notice
from iivboard.io import atomic
from iivboard.present.text import visible

APP = "iivboard"
# A bus that accepts the connection but never answers must not hold a timer's run.
TIMEOUT_SECONDS = 5.0


def state_path(db_path: Path) -> Path:
    """Where the memory of announced meetings lives: one file per database, in the user's
    state folder (~/.local/state/iivboard on Linux)."""
    digest = hashlib.sha256(str(Path(db_path).expanduser().resolve()).encode()).hexdigest()
    return platformdirs.user_state_path(APP) / f"notify-{digest[:16]}.json"


def load_announced(path: Path) -> Announced:
    """What earlier runs announced; a missing or damaged file is a fresh start (at worst a
    meeting is announced twice)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        day = data.get("digest_day")
        return Announced(
            dt.date.fromisoformat(day) if day else None,
            {str(k): dt.datetime.fromisoformat(v) for k, v in data.get("meetings", {}).items()},
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return Announced()


def save_announced(path: Path, announced: Announced) -> None:
    data = {
        "digest_day": announced.digest_day.isoformat() if announced.digest_day else None,
        "meetings": {k: at.isoformat() for k, at in sorted(announced.meetings.items())},
    }
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic.write_text(path, json.dumps(data, indent=1) + "\n")


def body_text(notice: Notice) -> str:
    """The body as a notification server gets it. Servers read the body as simple markup
    (the spec's body-markup), so user text is escaped; controls are shown as symbols."""
    return html.escape(visible(notice.body, one_line=False), quote=False)


def send(notices: Sequence[Notice], app_name: str = APP) -> bool:
    """Each notice as a desktop notification; False when no notification service took them
    (none on this platform, no session bus, nobody owning org.freedesktop.Notifications)."""
    if not notices:
        return True
    from desktop_notifier import DesktopNotifier, Urgency
    from desktop_notifier.backends.dummy import DummyNotificationCenter
    from desktop_notifier.main import get_backend_class

    if get_backend_class() is DummyNotificationCenter:
        return False
    # desktop-notifier logs a failed send as a warning with a traceback, which Python's
    # last-resort handler would print: we report it in our own words instead.
    logging.getLogger("desktop_notifier").addHandler(logging.NullHandler())
    logging.getLogger("desktop_notifier").propagate = False

    async def deliver() -> bool:
        notifier = DesktopNotifier(app_name=app_name)
        delivered = 0

        def dispatched() -> None:
            nonlocal delivered
            delivered += 1

        for notice in notices:
            await asyncio.wait_for(
                notifier.send(
                    title=visible(notice.title),
                    message=body_text(notice),
                    urgency=Urgency.Critical if notice.urgent else Urgency.Normal,
                    on_dispatched=dispatched,
                ),
                TIMEOUT_SECONDS,
            )
            if not delivered:
                return False  # the first failed: the service is not there
        return delivered == len(notices)

    try:
        return asyncio.run(deliver())
    except (TimeoutError, OSError):
        return False

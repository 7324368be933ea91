"""A tiny notification service for tests: owns org.freedesktop.Notifications on the
session bus, as a desktop's notification daemon does, and records each Notify call.

Run as `python notification_server.py RECORD READY` inside `dbus-run-session`: it writes
READY once it owns the name, then appends one JSON line per notification to RECORD.
"""

import asyncio
import itertools
import json
import sys
from pathlib import Path
from typing import Annotated

from dbus_fast import BusType
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusInt32, DBusSignature, DBusStr, DBusUInt32
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"

Strings = Annotated[list[str], DBusSignature("as")]
Hints = Annotated[dict, DBusSignature("a{sv}")]
ServerInfo = Annotated[list[str], DBusSignature("ssss")]
Closed = Annotated[list[int], DBusSignature("uu")]
Action = Annotated[list, DBusSignature("us")]


class Notifications(ServiceInterface):
    def __init__(self, record: Path) -> None:
        super().__init__(NAME)
        self.record = record
        self.ids = itertools.count(1)

    @dbus_method()
    def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: Strings,
        hints: Hints,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        urgency = hints.get("urgency")
        seen = {
            "app_name": app_name,
            "summary": summary,
            "body": body,
            "urgency": None if urgency is None else urgency.value,
        }
        with self.record.open("a", encoding="utf-8") as out:
            out.write(json.dumps(seen) + "\n")
        return next(self.ids)

    @dbus_method()
    def GetCapabilities(self) -> Strings:
        return ["body", "body-markup"]

    @dbus_method()
    def GetServerInformation(self) -> ServerInfo:
        return ["iivboard-test", "iivboard", "1", "1.2"]

    @dbus_method()
    def CloseNotification(self, notification_id: DBusUInt32) -> None:
        return None

    @dbus_signal()
    def NotificationClosed(self) -> Closed:
        return [0, 0]

    @dbus_signal()
    def ActionInvoked(self) -> Action:
        return [0, ""]


async def serve(record: Path, ready: Path) -> None:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    bus.export(PATH, Notifications(record))
    await bus.request_name(NAME)
    ready.write_text("ready\n")
    await bus.wait_for_disconnect()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1]), Path(sys.argv[2])))

"""The exports as text, the way the tests read them: through the app's Exports source and
the registry's writers, exactly what `iivboard export` runs."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from iivboard.app import exports
from iivboard.domain.policy import Rules


def export_text(
    kind: str, now: dt.datetime, settings_toml: str | None = None, rules: Rules | None = None
) -> tuple[str, int]:
    """(the file's text, how many things it says it wrote)."""
    out = io.BytesIO()
    source = exports.Exports(rules or Rules(timezone="UTC"), now, settings_toml)
    what = exports.export(kind, out, source)
    return out.getvalue().decode("utf-8"), int(what.split()[0])


def export_json(out: io.StringIO, now: dt.datetime, settings_toml: str | None = None) -> int:
    text, count = export_text("json", now, settings_toml)
    out.write(text)
    return count


def export_csv(out: io.StringIO, now: dt.datetime | None = None) -> int:
    text, count = export_text("csv", now or dt.datetime.now(dt.UTC))
    out.write(text)
    return count


def to_ics(rules: Rules, now: dt.datetime, contact_id: int | None = None) -> bytes:
    out = io.BytesIO()
    exports.export("ics", out, exports.Exports(rules, now), contact_id=contact_id)
    return out.getvalue()


def write_ics(path: Path, rules: Rules, now: dt.datetime, contact_id: int | None = None) -> Path:
    return exports.export_file("ics", path, exports.Exports(rules, now), contact_id=contact_id)[0]


def export_contact(
    contact_id: int, rules: Rules, now: dt.datetime, folder: Path | None = None
) -> Path:
    return exports.contact_calendar(exports.Exports(rules, now), contact_id, folder)

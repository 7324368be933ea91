"""Generated hostile text (markup, ANSI escapes, controls, surrogates, huge values) through
the commands, the CLI, the board, the filter and the contact screen."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iivboard.app import queries
from iivboard.app.commands import Commands
from iivboard.cli import main
from iivboard.domain.errors import NotDone
from iivboard.domain.policy import Rules
from iivboard.io.settings import Settings
from iivboard.present.text import visible
from iivboard.storage.models import Contact, database
from iivboard.tui.app import BoardApp
from tests.tui_helpers import SIZE, col, screen_text, text_of

PIECES = [
    "[bold]",
    "[/]",
    "[/bold]",
    "[link=x]",
    "x [/",
    "[",
    "]",
    "\\[",
    "\x1b[31m",
    "\x1b]8;;",
    "\x07",
    "\x00",
    "\r",
    "\n",
    "\t",
    "\u202e",
    "🎉",
    "שלום",
    "\ud800",
    "%s",
    "{0}",
    "'",
    '"',
    ",",
    ";",
    "<b>",
]
hostile = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), min_size=1, max_size=8
).map("".join)
long_hostile = st.builds(lambda s, n: (s * n)[:12_000], hostile, st.integers(1, 3000))
FORBIDDEN = ("\x00", "\ud800")
PERMITTED = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def storable(text: str) -> bool:
    return not any(bad in text for bad in FORBIDDEN)


@PERMITTED
@given(name=st.one_of(hostile, long_hostile), org=hostile, tag=hostile, note=hostile)
def test_service_stores_exactly_or_refuses_cleanly(commands, name, org, tag, note):
    count = Contact.select().count()
    try:
        cid = commands.contacts.add_contact(name, organization=org, tags=tag).contact_id
    except NotDone as exc:
        assert str(exc)
        assert not storable(name + org + tag) or not name.strip()
        assert Contact.select().count() == count
        return
    detail = queries.contact_detail(cid)
    assert detail["name"] == name.strip()
    assert detail["organization"] == (org.strip() or None)
    if storable(note):
        commands.pipeline.log(cid, "note", note=note)
        assert queries.contact_detail(cid)["events"][-1]["text"] == note
    shown = visible(detail["name"])
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in shown)


@PERMITTED
@given(
    name=hostile.filter(
        lambda s: s.strip() and storable(s) and "\x00" not in s and not s.startswith("-")
    )
)
def test_cli_prints_literally_and_json_round_trips(db_path, capsys, name):
    assert main(["add", name, "--tag", name]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    cid = int(out.split("#", 1)[1].split()[0])  # "added #ID name"
    assert main(["show", str(cid), "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert detail["name"] == name.strip()
    assert main(["list"]) == 0
    assert "\x1b" not in capsys.readouterr().out


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        hostile.filter(lambda s: s.strip() and storable(s)),
        min_size=3,
        max_size=8,
        unique_by=lambda s: s.strip(),
    )
)
async def test_board_filter_and_contact_screen_never_raise(db_path, clock, names):
    for table in ("event", "meeting", "change", "contact", "organization"):
        database.execute_sql(f'DELETE FROM "{table}"')
    rules = Rules(timezone="UTC")
    commands = Commands.build(rules, clock=clock)
    ids = [commands.contacts.add_contact(n, organization=n, role=n).contact_id for n in names]
    app = BoardApp(Settings(rules=rules), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        board = text_of(col(app, "identified"))
        assert "\x1b" not in board
        target = names[0].strip()
        await pilot.press("slash")
        app.screen.query_one("#filter").value = target
        await pilot.pause()
        assert ids[0] in [c.id for c in col(app, "identified").cards]
        await pilot.press("escape")
        app.open_contact(ids[0])
        await pilot.pause()
        text = screen_text(app)
        assert visible(target)[:20] in text
        assert "\x1b" not in text


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        hostile.filter(lambda s: s.strip() and storable(s)),
        min_size=1,
        max_size=5,
        unique_by=lambda s: s.strip().casefold(),
    ),
    note=hostile.filter(storable),
)
def test_hostile_text_survives_export_and_import(tmp_path_factory, clock, names, note):
    """JSON restores it exactly; the spreadsheet CSV brings every name back unchanged."""
    import io

    from iivboard.app import imports as importers
    from iivboard.storage.store import open_database
    from tests.io import exporting as exporters

    folder = tmp_path_factory.mktemp("roundtrip")
    open_database(folder / "a.db")
    commands = Commands.build(Rules(timezone="UTC"), clock=clock)
    for name in names:
        cid = commands.contacts.add_contact(
            name, organization=name, role=name, tags=name
        ).contact_id
        commands.pipeline.log(cid, "note", note=note)
    expected = [queries.contact_detail(c.id) for c in Contact.select().order_by(Contact.id)]
    json_out, csv_out = io.StringIO(), io.StringIO()
    exporters.export_json(json_out, clock())
    exporters.export_csv(csv_out)
    (folder / "all.json").write_text(json_out.getvalue(), encoding="utf-8")
    (folder / "all.csv").write_text(csv_out.getvalue(), encoding="utf-8", newline="")

    open_database(folder / "b.db")
    importers.restore(folder / "all.json")
    restored = [queries.contact_detail(c.id) for c in Contact.select().order_by(Contact.id)]
    assert restored == expected

    open_database(folder / "c.db")
    importers.import_file(
        Commands.build(Rules(timezone="UTC"), clock=clock).imports, "csv", folder / "all.csv"
    )
    assert sorted(c.name for c in Contact.select()) == sorted(n.strip() for n in names)
    database.close()

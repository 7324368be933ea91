"""The import screen, driven with keys as a user would, in a tiny host app."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, ProgressBar, Select, Static

from iivboard.app.facade import Facade
from iivboard.storage.models import Contact
from iivboard.tui.screens.import_file import ImportScreen
from tests.samples import VCARDS, person, write_linkedin


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


class Host(App):
    def __init__(self, facade, **kw) -> None:
        super().__init__()
        self.facade, self.kw, self.results = facade, kw, []

    def on_mount(self) -> None:
        self.push_screen(ImportScreen(self.facade, **self.kw), self.results.append)


async def type_path(pilot, path) -> None:
    """Types the path relative to the working folder (the test's), as short as a user's."""
    field = pilot.app.screen.query_one("#path", Input)
    field.focus()
    field.value = ""
    await pilot.press(*str(path.relative_to(Path.cwd())))


async def finish(pilot) -> None:
    # Only the import's worker (the file tree keeps a loader running for good), and only
    # if it has not finished already: an empty list would mean "wait for all".
    running = [w for w in pilot.app.workers if w.group == "import"]
    if running:
        await pilot.app.workers.wait_for_complete(running)
    await pilot.pause()


def summary(app) -> str:
    return str(app.screen.query_one("#summary", Static).render())


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#rows", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_import_a_linkedin_file_with_progress_and_summary(commands, facade, tmp_path):
    people = [person(i) for i in range(2000)]
    people.insert(3, ["", "", "https://www.linkedin.com/in/nobody", "", "Acme", "", ""])
    path = write_linkedin(tmp_path / "Connections.csv", people)
    app = Host(facade, start_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_path(pilot, path)
        assert app.screen.query_one("#kind", Select).value == "linkedin"  # guessed

        await pilot.press("ctrl+t")  # dry run first
        await finish(pilot)
        assert summary(app) == (
            "Dry run, nothing changed: would add 2000, update 0, leave 0 unchanged, skip 1"
        )
        assert Contact.select().count() == 0
        assert table_rows(app) == [["8", "skipped", "", "no name"]]

        await pilot.press("ctrl+r")
        await finish(pilot)
        assert summary(app) == (
            "Imported Connections.csv: added 2000, updated 0, 0 unchanged, skipped 1"
        )
        bar = app.screen.query_one("#progress", ProgressBar)
        assert (bar.progress, bar.total) == (2001, 2001)
        assert Contact.select().count() == 2000

        await pilot.press("escape")
        await pilot.pause()
    (report,) = app.results
    assert len(report.contact_ids()) == 2000 and not report.dry_run


async def test_names_from_the_file_are_not_markup(commands, facade, tmp_path):
    commands.contacts.add_contact("[bold]Ada[/]", organization="Acme")
    path = tmp_path / "sheet.csv"
    path.write_text(
        "name,organization,role\n[bold]Ada[/],Acme,[red]CTO\n[/],,\n"
        "evil\x1b[2J,Acme,\nevil\x1b[2J,Acme,\n"
    )
    app = Host(facade, path=path, start_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.query_one("#kind", Select).value == "csv"
        await pilot.press("enter")  # in the path field: import
        await finish(pilot)
        assert table_rows(app) == [
            ["2", "updated", "[bold]Ada[/]", "role, source"],
            ["5", "skipped", "evil␛[2J", "same person as line 4"],
        ]
        assert Contact.get(Contact.name == "[bold]Ada[/]").role == "[red]CTO"
        assert Contact.get(Contact.name == "[/]").organization is None


async def test_a_bad_file_shows_the_line_and_writes_nothing(commands, facade, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"First Name,Last Name,URL,Company,Position\nJos\xe9,M,u,C,P\n")
    app = Host(facade, start_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_path(pilot, path)
        await pilot.press("ctrl+r")
        await finish(pilot)
        assert summary(app).startswith("bad.csv line 2: byte 0xe9 is not utf-8 text")
        assert Contact.select().count() == 0
        await pilot.press("escape")
    assert app.results == [None]


async def test_spreadsheet_map_is_checked_before_running(commands, facade, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Who\nAda\n")
    app = Host(facade, path=path, start_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#map", Input).focus()
        await pilot.press(*"Who=boss")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert summary(app).startswith("--map: unknown field 'boss'")
        for _ in "boss":
            await pilot.press("backspace")
        await pilot.press(*"name", "ctrl+r")
        await finish(pilot)
        assert summary(app).startswith("Imported sheet.csv: added 1")


async def test_pick_a_file_from_the_tree(commands, facade, tmp_path):
    folder = tmp_path / "downloads"
    (folder / ".hidden").mkdir(parents=True)
    (folder / "notes.txt").write_text("not importable")
    (folder / "cards.vcf").write_text(VCARDS, encoding="utf-8")
    app = Host(facade, start_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause(0.2)  # the tree lists the folder in a worker
        await pilot.press("down", "enter")
        await pilot.pause()
        # The hidden folder and the text file are not listed: the first entry is the card.
        assert app.screen.query_one("#path", Input).value == str(folder / "cards.vcf")
        assert app.screen.query_one("#kind", Select).value == "vcard"
        await pilot.press("ctrl+r")
        await finish(pilot)
        assert summary(app).startswith("Imported cards.vcf: added 2")


async def test_the_screen_answers_keys_while_the_import_runs(facade, tmp_path):
    gate = threading.Event()

    class GatedFacade(Facade):
        """The real facade, held at the start of the import until the test lets go."""

        def import_file(self, *args, **kw):
            gate.wait(10)
            return super().import_file(*args, **kw)

    path = write_linkedin(tmp_path / "Connections.csv", [person(i) for i in range(500)])
    app = Host(GatedFacade(facade.settings, facade.now), path=path, start_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen.has_class("running")
        assert app.screen.query_one("#progress", ProgressBar).display
        app.screen.query_one("#map", Input).focus()
        await pilot.press(*"typing")
        assert app.screen.query_one("#map", Input).value == "typing"
        await pilot.press("escape")  # refused while the import runs
        assert app.screen.is_current and app.results == []
        gate.set()
        await finish(pilot)
        assert summary(app).startswith("Imported Connections.csv: added 500")
        assert not app.screen.query_one("#progress", ProgressBar).display

"""The format registry is the one list: a format added there is offered by the CLI and
listed by the import screen, with nothing else changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from iivboard.cli.parser import build_parser
from iivboard.domain.imports import Incoming
from iivboard.io.formats import registry
from iivboard.io.formats.base import Format, ReadOptions
from iivboard.tui.app import BoardApp
from iivboard.tui.screens.import_file import ImportScreen


def _read_lines(path: Path, text: str, options: ReadOptions) -> list[Incoming]:
    return [Incoming(line=n, name=line.strip()) for n, line in enumerate(text.splitlines(), 1)]


FAKE = Format(
    name="names",
    label="One name per line (.names)",
    extensions=(".names",),
    import_help="a text file with one name on each line",
    read=_read_lines,
)


@pytest.fixture
def fake_format(monkeypatch):
    monkeypatch.setattr(registry, "FORMATS", [*registry.FORMATS, FAKE])
    return FAKE


def _import_choices() -> list[str]:
    import_parser = build_parser()._subparsers._group_actions[0].choices["import"]  # type: ignore[union-attr]
    return list(import_parser._subparsers._group_actions[0].choices)


def test_the_cli_offers_what_the_registry_lists():
    assert _import_choices() == ["linkedin", "vcard", "csv", "json"]


def test_a_registered_format_is_a_cli_choice_with_its_help(fake_format, capsys):
    assert "names" in _import_choices()
    with pytest.raises(SystemExit):
        build_parser().parse_args(["import", "--help"])
    assert "a text file with one name on each line" in capsys.readouterr().out


def test_a_registered_format_imports_from_the_cli(fake_format, tmp_path, capsys, monkeypatch):
    from iivboard import cli

    monkeypatch.setenv("IIVBOARD_NOW", "2026-11-23T09:00:00+00:00")
    people = tmp_path / "team.names"
    people.write_text("Ada Okafor\nBo Chen\n", encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert cli.main(["--db", db, "import", "names", str(people)]) == 0
    assert "team.names: added 2" in capsys.readouterr().out
    assert cli.main(["--db", db, "list"]) == 0
    listing = capsys.readouterr().out
    assert "Ada Okafor" in listing and "Bo Chen" in listing


def test_a_registered_format_is_guessed_from_its_extension(fake_format, tmp_path):
    path = tmp_path / "team.names"
    path.write_text("Ada\n")
    assert registry.guess(path) == "names"
    assert registry.guess(tmp_path / "a.vcf") == "vcard"


async def test_the_import_screen_lists_a_registered_format(fake_format, facade, tmp_path):
    from textual.widgets import Select

    app = BoardApp(facade.settings, facade=facade)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ImportScreen(facade, start_dir=tmp_path))
        await pilot.pause()
        select = app.screen.query_one("#kind", Select)
        labels = [str(label) for label, _ in select._options]
        assert "One name per line (.names)" in labels
        assert "LinkedIn Connections.csv" in labels

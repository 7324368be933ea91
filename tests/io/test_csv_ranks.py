"""The target list's ranks through a spreadsheet: `export csv` writes each contact's
organization_rank right after the organization, and `import csv` reads it back."""

from __future__ import annotations

import csv
import io
import json

import pytest

from iivboard.app.imports import ImportFileError, import_file, restore
from iivboard.io.formats.spreadsheet import COLUMNS
from iivboard.storage.models import Change, Organization, database
from tests.io import exporting as exporters


def ranks() -> dict[str, int | None]:
    return {o.name: o.rank for o in Organization.select()}


def exported(tmp_path) -> str:
    out = io.StringIO()
    exporters.export_csv(out)
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue())
    return out.getvalue()


def test_csv_round_trip_keeps_the_ranks(commands, tmp_path, facade):
    for name, org in (("Ada", "Acme"), ("Bo", "Beta"), ("Cy", "Cobalt"), ("Di", "Acme")):
        commands.contacts.add_contact(name, organization=org)
    facade.set_rank("Cobalt", 1)
    facade.set_rank("Acme", 2)
    text = exported(tmp_path)
    assert COLUMNS.index("organization_rank") == COLUMNS.index("organization") + 1
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["name"], r["organization"], r["organization_rank"]) for r in rows] == [
        ("Ada", "Acme", "2"),
        ("Bo", "Beta", ""),
        ("Cy", "Cobalt", "1"),
        ("Di", "Acme", "2"),
    ]
    for table in ("event", "contact", "organization", "change"):
        database.execute_sql(f'DELETE FROM "{table}"')
    report = import_file(commands.imports, "csv", tmp_path / "export.csv")
    assert report.counts()["added"] == 4
    assert ranks() == {"Acme": 2, "Beta": None, "Cobalt": 1}
    commands.history.undo()  # the import and its ranks are one undo step
    assert Organization.select().count() == 0


def test_an_import_fills_a_rank_only_where_there_is_none_and_closes_gaps(
    commands, tmp_path, facade
):
    commands.contacts.add_contact("Ada", organization="Acme")
    commands.contacts.add_contact("Bo", organization="Beta")
    facade.set_rank("Acme", 1)
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,organization,organization_rank\n"
        "Ada,Acme,5\n"  # Acme is ranked already: the user's ranking stays
        "Bo,Beta,1\n"  # ties with Acme's 1: the one ranked before keeps its place
        "Cy,Cobalt,9\n"  # a gap closes up
        "Di,Cobalt,2\n"  # the first row to rank an organization decides
    )
    import_file(commands.imports, "csv", path)
    assert ranks() == {"Acme": 1, "Beta": 2, "Cobalt": 3}


def test_a_dry_run_changes_no_rank(commands, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,organization,organization_rank\nAda,Acme,1\n")
    import_file(commands.imports, "csv", path, dry_run=True)
    assert ranks() == {}


@pytest.mark.parametrize("cell", ["top", "0", "-1", "1.5"])
def test_a_rank_that_is_not_one_names_the_line_and_imports_nothing(commands, tmp_path, cell):
    path = tmp_path / "bad.csv"
    path.write_text(f"name,organization,organization_rank\nAda,Acme,1\nBo,Beta,{cell}\n")
    with pytest.raises(
        ImportFileError, match=r"bad.csv line 3: organization_rank .* is not a rank"
    ):
        import_file(commands.imports, "csv", path)
    assert Organization.select().count() == 0 and Change.select().count() == 0


def test_the_json_export_holds_the_ranks_and_restores_them(commands, facade, clock, tmp_path):
    commands.contacts.add_contact("Ada", organization="Acme")
    commands.contacts.add_contact("Bo", organization="Beta")
    facade.set_rank("Beta", 1)
    text, _ = exporters.export_text("json", clock())
    snapshot = json.loads(text)
    orgs = {o["name"]: o["rank"] for o in snapshot["organizations"]}
    assert orgs == {"Acme": None, "Beta": 1}
    path = tmp_path / "all.json"
    path.write_text(text)
    for table in ("event", "contact", "organization", "change"):
        database.execute_sql(f'DELETE FROM "{table}"')
    restore(path)
    assert ranks() == {"Acme": None, "Beta": 1}


def test_list_json_names_the_organizations_rank(commands, facade):
    from iivboard.app import queries

    commands.contacts.add_contact("Ada", organization="Acme")
    commands.contacts.add_contact("Nobody")
    facade.set_rank("Acme", 1)
    rows = {r["name"]: r for r in queries.list_contacts()}
    assert rows["Ada"]["organization_rank"] == 1 and rows["Nobody"]["organization_rank"] is None

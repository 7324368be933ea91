"""`import`, `export`, `backup` and `restore` end to end in a subprocess, and the daily
backup when the board opens."""

from __future__ import annotations

import json
import stat
import sys
import types

import pytest

from iivboard import cli
from tests.samples import VCARDS, person, write_linkedin


def test_import_linkedin_dry_run_then_for_real(run, tmp_path):
    path = write_linkedin(
        tmp_path / "Connections.csv",
        [
            person(1, company="Acme, Inc."),
            ["", "", "https://linkedin.com/in/x", "", "", "", ""],
            person(2),
        ],
    )
    dry = run("import", "linkedin", str(path), "--dry-run", check_rc=0).stdout
    assert dry == (
        "Connections.csv: would add 2, update 0, leave 0 unchanged, skip 1\n"
        "  line 5: add First1 Last1\n"
        "  line 6: skipped: no name\n"
        "  line 7: add First2 Last2\n"
    )
    assert json.loads(run("list", "--json").stdout) == []
    assert run("import", "linkedin", str(path), check_rc=0).stdout == (
        "Connections.csv: added 2, updated 0, 0 unchanged, skipped 1\n  line 6: skipped: no name\n"
    )
    listed = json.loads(run("list", "--json").stdout)
    assert [(c["name"], c["organization"]) for c in listed] == [
        ("First1 Last1", "Acme, Inc."),
        ("First2 Last2", "Company 2"),
    ]
    write_linkedin(path, [person(1, company="Globex"), person(2)])
    assert run("import", "linkedin", str(path), "--dry-run", check_rc=0).stdout == (
        "Connections.csv: would add 0, update 1, leave 1 unchanged, skip 0\n"
        "  line 5: update #1 First1 Last1: organization\n"
    )
    assert run("undo", check_rc=0).stdout == "Undid: Imported Connections.csv\n"


def test_import_errors_name_the_line_and_change_nothing(run, tmp_path):
    bad = tmp_path / "cards.vcf"
    bad.write_text(VCARDS + "BEGIN:VCARD\nVERSION:3.0\nFN:Cut\n")
    proc = run("import", "vcard", str(bad))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (
        "iivboard: error: cards.vcf line 27: not a valid vCard: Component "
        "VCARD was never closed (is the file cut short?); nothing was "
        "imported\n"
    )
    assert json.loads(run("list", "--json").stdout) == []
    proc = run("import", "csv", str(bad), "--map", "Name=employer")
    assert proc.returncode == 1 and "unknown field 'employer'" in proc.stderr
    proc = run("import", "linkedin", str(tmp_path / "missing.csv"))
    assert proc.returncode == 1 and "cannot read" in proc.stderr
    for args in (["import"], ["import", "pdf", "x"], ["export"], ["export", "xml"], ["restore"]):
        proc = run(*args)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, args


def test_import_vcard_and_spreadsheet(run, tmp_path):
    cards = tmp_path / "cards.vcf"
    cards.write_text(VCARDS, encoding="utf-8")
    assert "added 2" in run("import", "vcard", str(cards), check_rc=0).stdout
    sheet = tmp_path / "sheet.csv"
    sheet.write_text('Who,Where,Job\n"Ada Okafor","Northwind, Health",Director\nKim,Lumen,\n')
    out = run(
        "import", "csv", str(sheet), "--map", "Who=name,Where=organization,Job=role", check_rc=0
    ).stdout
    assert out == "sheet.csv: added 1, updated 1, 0 unchanged, skipped 0\n"


def test_export_then_import_json_into_a_new_database(run, tmp_path):
    run("add", "Ada [b]", "--org", "Acme", "--tag", "x", check_rc=0)
    run("move", "1", "requested", "--channel", "email", check_rc=0)
    out = tmp_path / "all.json"
    assert run("export", "json", "-o", str(out), check_rc=0).stdout == (
        f"wrote 1 contacts to {out}\n"
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(run("export", "json", check_rc=0).stdout) == json.loads(out.read_text())
    proc = run("import", "json", str(out))
    assert proc.returncode == 1 and "empty database only" in proc.stderr
    fresh = str(tmp_path / "fresh.db")
    assert run("--db", fresh, "import", "json", str(out), check_rc=0).stdout == (
        "restored 1 organizations, 1 contacts, 0 meetings, 2 events from all.json\n"
    )
    assert json.loads(run("--db", fresh, "show", "1", "--json").stdout) == json.loads(
        run("show", "1", "--json").stdout
    )


def test_import_json_restores_settings_only_over_untouched_ones(run, tmp_path):
    config = tmp_path / "config" / "settings.toml"
    config.write_text('[rules]\ntimezone = "UTC"\nkeep_in_touch_days = 60\n')
    run("add", "Ada", check_rc=0)
    out = tmp_path / "all.json"
    run("export", "json", "-o", str(out), check_rc=0)
    config.write_text('[rules]\ntimezone = "UTC"\n')
    proc = run("--db", str(tmp_path / "new.db"), "import", "json", str(out), check_rc=0)
    assert "kept your settings" in proc.stdout
    config.unlink()
    proc = run("--db", str(tmp_path / "new2.db"), "import", "json", str(out), check_rc=0)
    assert f"restored the settings to {config}" in proc.stdout
    assert "keep_in_touch_days = 60" in config.read_text()


def test_export_csv_to_stdout(run):
    run("add", "Ada", "--org", "Acme, Inc.", check_rc=0)
    out = run("export", "csv", check_rc=0).stdout
    header, row = out.splitlines()
    assert header.startswith("id,name,organization,organization_rank,role,")
    assert row.startswith('1,Ada,"Acme, Inc.",,,')


def test_backup_and_restore(run, tmp_path):
    run("add", "Ada", check_rc=0)
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy), check_rc=0).stdout == f"backed up to {copy}\n"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    default = run("backup", check_rc=0).stdout
    assert default.startswith(f"backed up to {tmp_path / 'data' / 'backups' / 'cli-2026-11-23-'}")
    folder = tmp_path / "usb"
    folder.mkdir()
    assert run("backup", str(folder), check_rc=0).stdout == (
        f"backed up to {folder / 'cli-2026-11-23-090000-manual.db'}\n"
    )
    run("add", "Bo", check_rc=0)
    proc = run("restore", str(copy), check_rc=0)
    saved = proc.stdout.split("the database as it was is in ")[1].strip()
    assert saved.endswith("-restore.db")
    assert [c["name"] for c in json.loads(run("list", "--json").stdout)] == ["Ada"]
    run("restore", saved, check_rc=0)
    assert [c["name"] for c in json.loads(run("list", "--json").stdout)] == ["Ada", "Bo"]
    proc = run("restore", str(tmp_path / "nothing.db"))
    assert proc.returncode == 1 and "no such file" in proc.stderr


@pytest.fixture
def board_opens(monkeypatch) -> list:
    """Stands in for the Textual board (another module): records each time it opens."""
    opened: list = []
    fake = types.ModuleType("iivboard.tui.app")
    fake.run_board = lambda db_path, settings, **kw: opened.append(db_path) or 0
    monkeypatch.setitem(sys.modules, "iivboard.tui.app", fake)
    return opened


def test_opening_the_board_makes_the_daily_backup(tmp_path, monkeypatch, capsys, board_opens):
    monkeypatch.setenv("IIVBOARD_NOW", "2026-11-23T09:00:00+00:00")
    db = str(tmp_path / "board.db")
    assert cli.main(["--db", db]) == 0 and cli.main(["--db", db]) == 0
    folder = tmp_path / "data" / "backups"
    (daily,) = folder.iterdir()
    assert daily.name.startswith("board-2026-11-23-") and daily.name.endswith("-daily.db")
    monkeypatch.setenv("IIVBOARD_NOW", "2026-11-24T09:00:00+00:00")
    cli.main(["--db", db])
    assert len(list(folder.iterdir())) == 2 and len(board_opens) == 3
    assert capsys.readouterr().err == ""


def test_a_failing_daily_backup_warns_and_the_board_opens(tmp_path, capsys, board_opens):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "backups").write_text("a file where the folder should be")
    assert cli.main(["--db", str(tmp_path / "board.db")]) == 0
    assert board_opens
    err = capsys.readouterr().err
    assert (
        err.startswith(
            "iivboard: warning: the daily backup failed: cannot create the backup folder"
        )
        and err.count("\n") == 1
    )

"""`iivboard search`: a line per hit (or JSON), nothing found is not an error, any text is a
safe query, and an old database gets its index built with a progress line on stderr."""

import json
import shutil
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "data"


def seeded(run) -> None:
    run("add", "Ada Okafor", "--org", "Lumen Energy", "--role", "Grid analyst", check_rc=0)
    run("add", "Bo Chen", "--org", "Northwind", check_rc=0)
    run("log", "2", "note", "--note", "Told me about the hiring freeze\nat Lumen", check_rc=0)


def test_a_line_per_hit_with_who_where_and_the_snippet(run):
    seeded(run)
    out = run("search", "hire", check_rc=0)
    assert out.stdout == (
        "    2  Bo Chen (Northwind)  note 23 Nov 2026: Told me about the hiring freeze at Lumen\n"
    )
    lumen = run("search", "lumen", check_rc=0).stdout.splitlines()
    assert (
        lumen[0] == "    1  Ada Okafor (Lumen Energy)  contact: Lumen Energy"
    )  # the org ranks first
    assert lumen[1].startswith("    2  Bo Chen (Northwind)  note ")


def test_json_is_a_list_of_hits(run):
    seeded(run)
    hits = json.loads(run("search", "freeze", "--json", check_rc=0).stdout)
    assert len(hits) == 1
    hit = hits[0]
    assert {k: hit[k] for k in ("id", "name", "organization", "kind", "event_kind")} == {
        "id": 2,
        "name": "Bo Chen",
        "organization": "Northwind",
        "kind": "note",
        "event_kind": "note",
    }
    assert hit["matches"] == ["freeze"] and hit["meeting_id"] is None
    assert hit["at"] == "2026-11-23T09:00:00Z" and isinstance(hit["score"], float)
    assert hit["snippet"] == "Told me about the hiring freeze at Lumen"
    assert json.loads(run("search", "nothing-like-it", "--json", check_rc=0).stdout) == []


def test_nothing_found_says_so_and_exits_0_as_list_does(run):
    seeded(run)
    assert run("search", "hiring", "freeze", check_rc=0).stdout.startswith("    2  Bo Chen")
    out = run("search", "zebra", check_rc=0)
    assert out.stdout == "nothing found for “zebra”\n" and out.stderr == ""
    out = run("search", "* ( :", check_rc=0)
    assert out.stdout == "nothing to search for: the query has no words\n"


def test_the_limit(run):
    seeded(run)
    assert len(run("search", "lumen", "--limit", "1", check_rc=0).stdout.splitlines()) == 1
    for bad in ("0", "501", "many"):
        out = run("search", "lumen", "--limit", bad)
        assert out.returncode == 2 and out.stderr.startswith("iivboard: usage: ")


def test_hostile_queries_and_text_never_reach_the_terminal_raw(run):
    run("add", "Ada Okafor", check_rc=0)
    run("log", "1", "note", "--note", "evil \x1b[31mred[/] text", check_rc=0)
    out = run("search", "evil", check_rc=0)
    assert "\x1b" not in out.stdout and "␛[31mred[/] text" in out.stdout
    for query in ['"', "NEAR(", "a OR", "name:x", "\x1b[2J", "*", "'", "-x", "^"]:
        out = run("search", "--", query)
        assert out.returncode == 0 and out.stderr == "", query
        assert "\x1b" not in out.stdout


def test_a_large_old_database_builds_its_index_with_progress_on_stderr(run, tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_v3.db", db)
    conn = sqlite3.connect(db)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(contact)") if row[1] != "id"]
    names = ", ".join(f'"{c}"' for c in columns)
    for _ in range(6):  # 40 contacts doubled six times: 2,560
        conn.execute(f"INSERT INTO contact ({names}) SELECT {names} FROM contact")
    conn.commit()
    conn.close()
    out = run("--db", str(db), "search", "hiring freeze", check_rc=0)
    lines = out.stderr.splitlines()
    assert lines[0].startswith("iivboard: Building the search index: 0 of ")
    assert lines[-1].endswith(" rows") and lines[-1].split(": ")[-1].split(" of ")[0] != "0"
    assert "Victor Huang (Atlas Robotics)  meeting " in out.stdout
    assert run("--db", str(db), "search", "freeze", check_rc=0).stderr == ""  # once


def test_matches_are_bold_on_a_terminal_and_plain_with_no_color(tmp_path, monkeypatch, capsys):
    from iivboard.cli import main

    monkeypatch.setenv("IIVBOARD_DB", str(tmp_path / "t.db"))
    monkeypatch.setenv("IIVBOARD_NOW", "2026-11-23T09:00:00+00:00")
    assert main(["add", "Ada Okafor", "--role", "Hiring \x1b[31m manager"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["search", "hiring"]) == 0
    line = capsys.readouterr().out
    assert "\x1b[1mHiring\x1b[22m ␛[31m manager" in line  # ours bold; theirs a symbol
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["search", "hiring"]) == 0
    assert "\x1b" not in capsys.readouterr().out

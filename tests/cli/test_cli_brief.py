"""`iivboard brief ORG`: the brief on the demo data, as text, as Markdown, to a file."""

from __future__ import annotations

import datetime as dt
import stat

import pytest

from tests.cli.conftest import NOW
from tests.tui_helpers import demo_database


@pytest.fixture
def demo(tmp_path):
    demo_database(tmp_path / "cli.db", dt.datetime.fromisoformat(NOW))


def test_brief_prints_people_stages_meetings_and_notes(run, demo):
    out = run("brief", "northwind", check_rc=0).stdout
    lines = out.splitlines()
    assert lines[:2] == [
        "Northwind Health",
        "7 people, 2 meetings held, 1 coming, #1 on the target list",
    ]
    assert "  Rosa Jimenez, Design Lead: Scheduled; meeting today 14:00" in lines
    assert "  Wen Li, Data Analyst: Met; thank-you due" in lines
    assert "  Ada Okafor, Product Manager: Identified" in lines
    assert "  Wen Li, Sat 21 Nov 2026 14:00, 20 min, phone (held)" in lines
    assert "      Uses SQL all day; dashboards for clinicians." in lines
    assert "  Carla Mendes named Luis Ortega (Northwind Health)" in lines
    assert out.endswith("  Luis Ortega: follow up in 6 business days\n")


def test_an_unknown_or_ambiguous_organization_exits_non_zero(run, demo):
    unknown = run("brief", "Initech")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == "iivboard: error: no organization matches 'Initech'\n"
    both = run("brief", "e")
    assert both.returncode == 1 and "matches 4 organizations: Greenleaf Foods" in both.stderr
    assert run("brief").returncode == 2


def test_markdown_to_stdout_and_to_a_private_file(run, demo, tmp_path):
    shown = run("brief", "Atlas Robotics", "--markdown", check_rc=0).stdout
    assert shown.startswith("# Atlas Robotics\n\n5 people, 2 meetings held, #5 on the target list.")
    assert "- **Victor Huang**, Team Lead: Met; thank-you today 14:20" in shown
    assert "> Team of 6; hiring freeze until spring." in shown
    target = tmp_path / "atlas.md"
    written = run("brief", "atlas", "-o", str(target), check_rc=0)
    assert written.stdout == ""
    assert written.stderr == f"Brief on Atlas Robotics written to {target}\n"
    assert target.read_text(encoding="utf-8") == shown
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    missing = run("brief", "atlas", "-o", str(tmp_path / "no" / "such" / "x.md"))
    assert missing.returncode == 1 and "cannot write" in missing.stderr

"""`iivboard org list|rank|edit`: the target list from a script."""

import json


def three(run) -> None:
    for name, org in (("Ada", "Acme"), ("Bo", "Acorn"), ("Cy", "Beta")):
        run("add", name, "--org", org, check_rc=0)


def test_list_prints_ranked_first_then_the_rest_by_name(run):
    three(run)
    run("log", "1", "request", "--at", "-14d", check_rc=0)  # past its follow-up
    run("add", "Di", "--org", "Acme", check_rc=0)
    assert run("org", "rank", "Beta", "1", check_rc=0).stdout == "Ranked Beta #1\n"
    assert run("org", "list", check_rc=0).stdout.splitlines() == [
        "Rank  Organization  Ident  Req  Sched  Met  Thank  Touch  Closed  "
        "Waiting past their follow-up",
        "  #1  Beta              1    ·      ·    ·      ·      ·       ·",
        "   —  Acme              1    1      ·    ·      ·      ·       ·  Ada",
        "   —  Acorn             1    ·      ·    ·      ·      ·       ·",
    ]


def test_list_json_has_ranks_counts_and_who_waits(run):
    three(run)
    run("log", "1", "request", "--at", "-14d", check_rc=0)
    run("org", "rank", "Acme", "1", check_rc=0)
    run("org", "edit", "Acme", "--website", "https://acme.example", check_rc=0)
    rows = json.loads(run("org", "list", "--json", check_rc=0).stdout)
    assert [(r["name"], r["rank"]) for r in rows] == [("Acme", 1), ("Acorn", None), ("Beta", None)]
    acme = rows[0]
    assert acme["website"] == "https://acme.example" and acme["notes"] == ""
    assert acme["contacts"] == {
        "identified": 0,
        "requested": 1,
        "scheduled": 0,
        "met": 0,
        "thanked": 0,
        "in_touch": 0,
        "closed": 0,
    }
    assert acme["waiting"] == ["Ada"] and isinstance(acme["id"], int)


def test_rank_renumbers_and_undo_restores(run):
    three(run)
    run("org", "rank", "Acme", "1", check_rc=0)
    run("org", "rank", "Acorn", "2", check_rc=0)
    assert run("org", "rank", "Beta", "1", check_rc=0).stdout == "Ranked Beta #1\n"
    rows = json.loads(run("org", "list", "--json", check_rc=0).stdout)
    assert [(r["name"], r["rank"]) for r in rows] == [("Beta", 1), ("Acme", 2), ("Acorn", 3)]
    out = run("org", "rank", "acme", "0", check_rc=0)
    assert out.stdout == "Took Acme off the target list\n"
    assert run("undo", check_rc=0).stdout == "Undid: Took Acme off the target list\n"
    rows = json.loads(run("org", "list", "--json", check_rc=0).stdout)
    assert [(r["name"], r["rank"]) for r in rows] == [("Beta", 1), ("Acme", 2), ("Acorn", 3)]


def test_a_prefix_names_the_one_organization_it_begins(run):
    three(run)
    assert run("org", "rank", "acm", "1", check_rc=0).stdout == "Ranked Acme #1\n"
    out = run("org", "edit", "be", "--notes", "hiring in spring", check_rc=0)
    assert out.stdout == "Edited Beta: notes\n"


def test_unknown_ambiguous_and_bad_input_change_nothing(run):
    three(run)
    before = run("org", "list", "--json", check_rc=0).stdout
    unknown = run("org", "rank", "Zeta", "1")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == "iivboard: error: no organization called 'Zeta'\n"
    ambiguous = run("org", "edit", "ac", "--website", "x")
    assert ambiguous.returncode == 1
    assert ambiguous.stderr == "iivboard: error: 'ac' could be Acme, Acorn: give more of the name\n"
    nothing = run("org", "edit", "Beta")
    assert nothing.returncode == 2 and nothing.stderr.startswith("iivboard: usage: ")
    negative = run("org", "rank", "Beta", "-1")
    assert negative.returncode == 2 and "N is 1 or more" in negative.stderr
    same = run("org", "edit", "Beta", "--notes", "")
    assert same.returncode == 1 and "nothing to change" in same.stderr
    not_a_number = run("org", "rank", "Beta", "top")
    assert not_a_number.returncode == 2
    assert run("org", "list", "--json", check_rc=0).stdout == before


def test_text_from_the_user_is_printed_literally(run):
    run("add", "Ada", "--org", "Evil\x1b[31m [b]Co", check_rc=0)
    out = run("org", "list", check_rc=0).stdout
    assert "\x1b" not in out and "␛[31m [b]Co" in out


def test_an_empty_list_says_how_to_start(run):
    assert "No organizations yet" in run("org", "list", check_rc=0).stdout
    assert json.loads(run("org", "list", "--json", check_rc=0).stdout) == []

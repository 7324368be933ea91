"""`iivboard due`: the lines the rules imply, and `due --week`, the next seven days by day."""

from __future__ import annotations


def test_due_says_find_another_person_where_nobody_else_is_known(run):
    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    run("log", "1", "request", "--at", "-3d", check_rc=0)  # Friday: not 3 business days yet
    due = run("due", check_rc=0).stdout
    assert "find another person there" not in due
    assert "Next due Wed 25 Nov: find another person where Ada Okafor (Acme) works." in due
    run("add", "Cy Park", "--org", "Beta", check_rc=0)
    run("log", "2", "request", "--at", "-6d", check_rc=0)  # Tuesday
    due = run("due", check_rc=0).stdout
    assert (
        "Gone quiet: reach out to another person there\n"
        "   #2 Cy Park (Beta): no reply from Cy Park at Beta in 4 business days: "
        "find another person there\n"
    ) in due
    run("add", "Bo Chen", "--org", "Beta", check_rc=0)
    due = run("due", check_rc=0).stdout
    assert "find another person there" not in due
    assert "#3 Bo Chen (Beta): no reply from Cy Park in 4 business days: ask this" in due

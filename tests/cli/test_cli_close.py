"""`iivboard close` and `reopen`: the reasons the screens offer, and a decline reopened as
someone to ask afresh."""

import json


def test_close_reasons_are_the_screens_list_and_never_asked_is_not_pursuing(run):
    run("add", "Ada Okafor", "--org", "Acme", check_rc=0)
    help_text = run("close", "--help", check_rc=0).stdout
    assert "busy,not_interested,hiring_conflict,other" in help_text
    assert "not_pursuing" in help_text
    refused = run("close", "1", "declined", "--reason", "busy")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == (
        "iivboard: error: someone never asked cannot be closed as declined: "
        "close as not_pursuing (or log the request first)\n"
    )
    bad = run("close", "1", "declined", "--reason", "moving")
    assert bad.returncode == 2
    out = run("close", "1", "not_pursuing", "--note", "not my field after all", check_rc=0)
    assert out.stdout == "Closed Ada Okafor (not pursuing)\n"
    detail = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert (detail["outcome"], detail["outcome_reason"]) == ("not_pursuing", None)
    assert detail["events"][-1]["text"] == "not my field after all"


def test_a_hiring_conflict_says_when_to_retry_and_whom_to_ask_meanwhile(run):
    run("add", "Lena Fischer", "--org", "Acme", check_rc=0)
    run("add", "Zoe Park", "--org", "Acme", check_rc=0)
    run("log", "1", "request", "--at", "-5d", check_rc=0)
    run("log", "1", "follow_up", "--at", "-1d", check_rc=0)
    out = run("close", "1", "declined", "--reason", "hiring_conflict", check_rc=0)
    assert out.stdout == (
        "Closed Lena Fischer (declined: hiring for a role I may apply to)\n"
        "Try Lena Fischer again from Mon 18 Jan; "
        "meanwhile ask someone else on the team: Zoe Park\n"
    )
    other = run("close", "2", "no_response", "--reason", "busy")
    assert other.returncode == 2 and "--reason goes with declined" in other.stderr


def test_reopen_after_a_decline_starts_afresh(run):
    run("add", "Lena Fischer", "--org", "Acme", check_rc=0)
    run("log", "1", "request", "--at", "-12d", check_rc=0)
    run("log", "1", "follow_up", "--at", "-2d", check_rc=0)
    run("close", "1", "declined", "--reason", "other", "--note", "on leave", check_rc=0)
    assert run("reopen", "1", check_rc=0).stdout == "Reopened Lena Fischer as someone to ask\n"
    detail = json.loads(run("show", "1", "--json", check_rc=0).stdout)
    assert detail["stage"] == "identified" and detail["outcome"] is None
    assert (detail["request_sent_at"], detail["followups_sent"], detail["due"]) == (None, 0, None)
    assert run("triage", check_rc=0).stdout == "Nobody is waiting for a reply.\n"
    again = run("reopen", "1")
    assert again.returncode == 1 and "not closed" in again.stderr

"""Search on the demo data, through the facade: ranking, snippets, stems, accents, prefixes
and phrases."""

from __future__ import annotations

import pytest

from iivboard.app.demo import seed_demo
from iivboard.domain.search import parse_query, snippet_pieces


@pytest.fixture
def demo(commands, clock, facade):
    ids = seed_demo(commands, clock())
    return facade, ids


def marked(hit) -> list[str]:
    return [text for text, mark in hit.snippet if mark]


def test_a_meeting_note_is_found_with_its_words_marked(demo):
    facade, ids = demo
    hits = facade.search("hiring freeze")
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.kind, hit.name, hit.organization) == ("meeting", "Victor Huang", "Atlas Robotics")
    assert hit.contact_id == ids["Victor Huang"] and hit.meeting_id is not None
    assert hit.at is not None and hit.event_id is None
    assert marked(hit) == ["hiring", "freeze"]
    assert marked(facade.search('"hiring freeze"')[0]) == ["hiring freeze"]  # a phrase: one mark
    # One line: the note's newlines are spaces in the snippet.
    assert "".join(text for text, _ in hit.snippet).startswith("Team of 6; hiring freeze until")
    assert "\n" not in "".join(text for text, _ in hit.snippet)


def test_a_name_ranks_above_a_mention_in_someone_elses_notes(demo):
    facade, ids = demo
    hits = facade.search("Kira")
    assert [(h.kind, h.name) for h in hits] == [
        ("contact", "Kira Novak"),
        ("meeting", "Victor Huang"),
    ]
    assert hits[0].score < hits[1].score


def test_an_organization_finds_everyone_there(demo):
    facade, _ids = demo
    hits = facade.search("lumen")
    assert {h.organization for h in hits} == {"Lumen Energy"}
    assert {"Grace Kim", "Noah Levi"} <= {h.name for h in hits}
    assert all(h.kind == "contact" for h in hits)


def test_stems_find_other_forms_of_a_word(demo):
    facade, _ids = demo
    assert [h.name for h in facade.search("hire freezes")] == ["Victor Huang"]
    assert "Victor Huang" in {h.name for h in facade.search("suggest")}  # "Suggested"
    assert {h.name for h in facade.search("clinician")} == {"Wen Li"}


def test_accents_fold_both_ways(demo, commands):
    facade, ids = demo
    commands.contacts.update_contact(ids["Wen Li"], notes="Sent my résumé to the café team")
    assert [h.name for h in facade.search("resume")] == ["Wen Li"]
    assert [h.name for h in facade.search("CAFE")] == ["Wen Li"]
    assert [h.name for h in facade.search("Tomas")] == ["Tomás Alves"]
    assert marked(facade.search("resume")[0]) == ["résumé"]


def test_a_prefix_with_a_star_or_as_you_type(demo):
    facade, _ids = demo
    assert facade.search("clin") == []
    by_star = {(h.kind, h.name) for h in facade.search("clin*")}
    assert by_star == {(h.kind, h.name) for h in facade.search("clin", as_you_type=True)}
    assert ("meeting", "Wen Li") in by_star  # "clinicians"
    assert facade.search("clin ", as_you_type=True) == []  # a space: the word is finished


def test_a_phrase_needs_its_words_side_by_side(demo):
    facade, _ids = demo
    assert [h.name for h in facade.search('"hiring freeze"')] == ["Victor Huang"]
    assert facade.search('"freeze hiring"') == []
    assert [h.name for h in facade.search("freeze hiring")] == ["Victor Huang"]


def test_a_note_in_the_history_is_a_note_hit(demo, commands):
    facade, ids = demo
    commands.pipeline.log(ids["Yusuf Kaya"], "note", note="Asked about the zoning board")
    commands.pipeline.log(ids["Yusuf Kaya"], "touch", note="Zoning article sent")
    hits = facade.search("zoning")
    assert {(h.kind, h.event_kind) for h in hits} == {("note", "note"), ("event", "touch")}
    assert all(h.event_id is not None and h.meeting_id is None for h in hits)


def test_words_iivboard_wrote_itself_are_not_indexed(demo, commands):
    facade, ids = demo
    commands.contacts.update_contact(ids["Wen Li"], role="Data Analyst II")
    assert not [h for h in facade.search("role") if h.kind == "event"]  # "edited: role"


def test_the_limit_is_kept(demo):
    facade, _ids = demo
    assert len(facade.search("example", limit=3)) == 3  # every demo email is @example.org
    assert facade.search("example", limit=0) == []


def test_a_query_with_no_words_finds_nothing(demo):
    facade, _ids = demo
    assert facade.search("") == [] and facade.search("* ( ) :") == []


def test_snippet_pieces_join_and_trim():
    pieces = snippet_pieces("  a \n\n<b>x</b> <b>y</b>\tz  ", "<b>", "</b>")
    assert pieces == (("a ", False), ("x", True), (" ", False), ("y", True), (" z", False))


def test_parse_query_reads_words_phrases_and_prefixes():
    terms = parse_query('"hiring freeze" lum* NEAR(x) *', prefix_last=True)
    assert [(t.text, t.prefix) for t in terms] == [
        ("hiring freeze", False),
        ("lum", True),
        ("NEAR(x)", False),
    ]
    assert [t.prefix for t in parse_query("ab", prefix_last=True)] == [True]
    assert [t.prefix for t in parse_query('"ab"', prefix_last=True)] == [False]
    assert [t.prefix for t in parse_query('"ab c', prefix_last=True)] == [True]

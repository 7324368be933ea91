"""The brief on an organization: what it holds on the demo data, and what it costs."""

from __future__ import annotations

import pytest

from iivboard.app import brief, calls
from iivboard.app.demo import seed_demo
from iivboard.domain.brief import AmbiguousOrganization
from iivboard.domain.errors import NotFound, Refused
from iivboard.storage.models import database


@pytest.fixture
def ids(commands, clock):
    return seed_demo(commands, clock())


def test_everyone_at_the_organization_with_their_stage_and_due(facade, ids):
    view = facade.organization_brief("Northwind Health")
    assert view.name == "Northwind Health" and view.rank == 1
    people = {p.name: p for p in view.people}
    assert set(people) == {
        "Ada Okafor",
        "Bruno Silva",
        "Kofi Mensah",
        "Rosa Jimenez",
        "Wen Li",
        "Carla Mendes",
        "Luis Ortega",
    }
    # Those you know best first: in touch, met, scheduled... identified last.
    assert [p.name for p in view.people][:3] == ["Carla Mendes", "Wen Li", "Rosa Jimenez"]
    assert people["Rosa Jimenez"].stage == "scheduled"
    assert people["Rosa Jimenez"].due_words == "meeting today 14:00"
    assert people["Wen Li"].due_words == "thank-you due"
    assert people["Ada Okafor"].due_at is None
    # Open items: the stored due of everyone with one, soonest first.
    assert [p.name for p in view.open_items] == [
        "Carla Mendes",
        "Wen Li",
        "Rosa Jimenez",
        "Kofi Mensah",
        "Luis Ortega",
    ]


def test_meetings_with_notes_questions_and_what_was_learned(facade, ids):
    rosa = ids["Rosa Jimenez"]
    facade.start_call(rosa)
    facade.end_call(rosa, {"surprised": "They hire juniors in spring", "next": "Read the report"})
    view = facade.organization_brief("northwind health")
    held = {m.person: m for m in view.meetings}
    assert [m.person for m in view.meetings] == ["Carla Mendes", "Wen Li", "Rosa Jimenez"]
    assert held["Wen Li"].status == "held"
    assert held["Wen Li"].notes.startswith("Uses SQL all day")
    assert len(held["Wen Li"].asked) == 4 and held["Wen Li"].not_asked == ()
    assert held["Rosa Jimenez"].reflection == (
        ("What surprised me?", "They hire juniors in spring"),
        ("Next steps", "Read the report"),
    )


def test_coming_and_cancelled_meetings_say_so(facade, ids):
    view = facade.organization_brief("Civic Data Lab")
    sam = next(m for m in view.meetings if m.person == "Sam Taylor")
    assert sam.status == "coming" and len(sam.not_asked) == 4 and sam.asked == ()
    facade.cancel_meeting(ids["Sam Taylor"], note="moved abroad")
    view = facade.organization_brief("Civic Data Lab")
    assert next(m for m in view.meetings if m.person == "Sam Taylor").status == "cancelled"


def test_referrals_in_and_out(facade, ids):
    view = facade.organization_brief("Northwind")
    carla = next(p for p in view.people if p.name == "Carla Mendes")
    assert carla.referred == ("Luis Ortega (Northwind Health)",)
    luis = next(p for p in view.people if p.name == "Luis Ortega")
    assert luis.referred_by == "Carla Mendes (Northwind Health)"
    # Named by someone elsewhere: the referrer's organization is said.
    facade.add_referral(ids["Victor Huang"], "Pat Quinn", organization="Northwind Health")
    pat = next(p for p in facade.organization_brief("Northwind").people if p.name == "Pat Quinn")
    assert pat.referred_by == "Victor Huang (Atlas Robotics)"


def test_which_organization_a_name_means(facade, ids):
    assert facade.organization_brief("LUMEN ENERGY").name == "Lumen Energy"
    assert facade.organization_brief("  harbor ").name == "Harbor Books"
    with pytest.raises(NotFound, match="no organization matches 'Initech'"):
        facade.organization_brief("Initech")
    with pytest.raises(AmbiguousOrganization, match="'e' matches 4 organizations: Greenleaf"):
        facade.organization_brief("e")
    with pytest.raises(Refused, match="name an organization"):
        facade.organization_brief("   ")


def test_an_organization_with_nobody_yet(facade, commands):
    commands.contacts.update_organization("Initech", rank=None)
    view = facade.organization_brief("Initech")
    assert view.people == () and view.meetings == () and view.open_items == ()


def test_a_fixed_number_of_queries_however_many_meetings(facade, commands, ids, clock):
    def queries_for(name: str) -> int:
        seen: list[str] = []
        with facade.store.bound():
            database.connection().set_trace_callback(seen.append)
            try:
                brief.organization_brief(name, clock(), facade.rules)
            finally:
                database.connection().set_trace_callback(None)
        return sum(1 for sql in seen if sql.lstrip().upper().startswith("SELECT"))

    exact, part = queries_for("Museo Digital"), queries_for("museo")
    for i in range(30):
        cid = commands.contacts.add_contact(f"Person {i}", organization="Museo Digital").contact_id
        commands.pipeline.log(cid, "meeting", note="talked")
        commands.meetings.add_referral(cid, f"Named {i}", organization="Elsewhere")
    assert (queries_for("Museo Digital"), queries_for("museo")) == (exact, part) == (4, 5)


def test_reflection_read_back_as_written():
    answers = {"fit": "Yes, mostly", "need": "A statistics course"}
    text = calls.reflection_text(answers)
    assert calls.reflection_answers(text) == [
        ("Does it fit my interests, values and skills?", "Yes, mostly"),
        ("What would I need (training, experience)?", "A statistics course"),
    ]
    assert calls.reflection_answers("written by hand\n\n") == [("", "written by hand")]

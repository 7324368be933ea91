"""The brief's words: the same sections in text and Markdown, user text never formatting."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt  # Textual's own Markdown reader

from iivboard.domain.brief import BriefMeeting, BriefPerson, OrganizationBrief
from iivboard.present.brief_text import markdown_report, md, text_report
from iivboard.present.text import visible

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def person(name: str, **kw) -> BriefPerson:
    values = {
        "id": 1,
        "name": name,
        "role": "",
        "stage": "met",
        "outcome": None,
        "outcome_reason": "",
        "notes": "",
        "referred_by_id": None,
        "referred_by": None,
        "referred": (),
        "may_recontact": None,
        "offered_intro": False,
        "due_at": None,
        "due_words": "",
        "due_level": "",
    }
    values.update(kw)
    return BriefPerson(**values)


def org(people=(), meetings=(), **kw) -> OrganizationBrief:
    values = {"as_of": NOW, "name": "Acme", "rank": None, "website": "", "notes": ""}
    values.update(kw)
    return OrganizationBrief(people=tuple(people), meetings=tuple(meetings), **values)


def meeting(notes: str = "", **kw) -> BriefMeeting:
    values = {
        "contact_id": 1,
        "person": "Ada",
        "starts_at": dt.datetime(2026, 11, 20, 14, 0),
        "minutes": 20,
        "format": "in_person",
        "place": "",
        "status": "held",
        "notes": notes,
        "asked": ("What surprised you?",),
        "not_asked": (),
        "reflection": (("Next steps", "apply in May"), ("", "a line of my own")),
    }
    values.update(kw)
    return BriefMeeting(**values)


def test_text_has_every_section_in_local_time():
    view = org(
        [
            person(
                "Ada",
                role="CTO",
                referred=("Bo (Zeta)",),
                due_at=dt.datetime(2026, 11, 24),
                due_words="thank-you overdue",
                due_level="overdue",
                may_recontact=True,
            ),
            person("Cy", stage="requested", outcome="declined", outcome_reason="hiring_conflict"),
        ],
        [meeting("Team of 6.\nHiring freeze.")],
        rank=2,
    )
    text = text_report(view, dt.timezone(dt.timedelta(hours=1)))
    assert text.splitlines()[:2] == ["Acme", "2 people, 1 meeting held, #2 on the target list"]
    assert "  Ada, CTO: Met; thank-you overdue\n    May be contacted again\n" in text
    assert "  Cy: Requested (closed: declined, hiring conflict)\n" in text
    assert "  Ada, Fri 20 Nov 2026 15:00, 20 min, in person (held)\n" in text
    assert "      Team of 6.\n      Hiring freeze.\n" in text
    assert "      - What surprised you?\n" in text
    assert "      Next steps apply in May\n      a line of my own\n" in text
    assert "Referrals\n  Ada named Bo (Zeta)\n" in text
    assert text.endswith("Open items\n  Ada: thank-you overdue\n")


def test_text_shows_controls_as_symbols():
    view = org([person("Ada\x1b[31m")], [meeting("line\x07one\n\tindented")], name="Ac\x1bme")
    text = text_report(view, dt.UTC)
    assert "\x1b" not in text and "\x07" not in text
    assert text.startswith("Ac␛me\n")
    assert "Ada␛[31m" in text and "line␇one" in text and "    indented" in text


def test_markdown_sections_and_escaping():
    view = org(
        [person("*Bold* _Ada_", role="<b>CTO</b>", notes="# not a heading\n- not a list")],
        [meeting("1. not a list\n> not a quote\n`code`", place="[link](http://x)")],
        name="Acme | #1",
    )
    text = markdown_report(view, dt.UTC)
    lines = text.splitlines()
    assert lines[0] == r"# Acme \| \#1"
    assert lines[2] == "1 person, 1 meeting held. Brief of Mon 23 Nov 2026 09:00."
    assert r"- **\*Bold\* \_Ada\_**, \<b\>CTO\</b\>: Met" in lines
    assert r"  - \# not a heading" in lines and r"  - \- not a list" in lines
    assert r"### \*Bold\* \_Ada\_, Fri 20 Nov 2026 14:00 (held)" not in lines  # person is Ada
    assert "### Ada, Fri 20 Nov 2026 14:00 (held)" in lines
    assert r"20 min, in person, \[link\](http://x)" in lines
    assert [line for line in lines if line.startswith(">")] == [
        r"> 1\. not a list",
        r"> \> not a quote",
        r"> \`code\`",
    ]
    assert "- *Next steps* apply in May" in lines and "- a line of my own" in lines
    assert text.endswith("## Open items\n\nNothing due.\n")
    assert "\n\n\n" not in text


def test_md_escapes_what_markdown_would_read():
    assert md("a*b_c") == r"a\*b\_c"
    assert md("+ plus") == r"\+ plus" and md("12) twelve") == r"12\) twelve"
    assert md("\x1b") == "␛"


def _as_read(source: str) -> str:
    """What a CommonMark reader shows of `source`: its text, and a mark for anything else
    (emphasis, links, headings, lists, rules...)."""
    shown = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.type == "inline":
            for child in token.children or []:
                shown.append(child.content if child.type == "text" else f"<{child.type}>")
        elif token.type not in ("paragraph_open", "paragraph_close"):
            shown.append(f"<{token.type}>")
    return "".join(shown)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.characters(
            blacklist_categories=("Cs",),
            blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
        ),
        max_size=40,
    )
)
def test_markdown_reads_back_exactly_what_was_typed(text):
    expected = visible(text).strip()
    assert _as_read(md(text)) == expected
    assert _as_read(f"- {md(text)}") == (
        f"<bullet_list_open><list_item_open>{expected}<list_item_close><bullet_list_close>"
        if expected
        else "<bullet_list_open><list_item_open><list_item_close><bullet_list_close>"
    )

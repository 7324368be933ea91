"""Importing LinkedIn, vCard and spreadsheet files: what lands in the database, what a
second import of a newer file does, and how a bad file is refused without a write."""

from __future__ import annotations

import io
import sqlite3
import time
from pathlib import Path

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from iivboard.app import imports as importers
from iivboard.app import queries
from iivboard.app.imports import ImportFileError, import_file
from iivboard.domain.imports import linkedin_key
from iivboard.io.formats import vcard
from iivboard.storage.models import Change, Contact, Event, Organization, database
from tests.samples import LINKEDIN_HEADER, VCARDS, linkedin_text, person, write_linkedin


def all_rows(db_path) -> dict[str, list]:
    database.execute_sql("PRAGMA wal_checkpoint")
    with sqlite3.connect(db_path) as conn:
        return {
            t: conn.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall()
            for t in ("organization", "contact", "meeting", "event", "change")
        }


def contacts() -> dict[str, dict]:
    return {c["name"]: c for c in queries.list_contacts(include_closed=True)}


# ---------------------------------------------------------------- LinkedIn


def test_linkedin_export_with_bom_crlf_notes_and_awkward_companies(commands, tmp_path):
    path = write_linkedin(
        tmp_path / "Connections.csv",
        [
            [
                "Ada",
                "Okafor",
                "https://www.linkedin.com/in/ada-okafor",
                "",
                "Acme, Inc.",
                "Product Manager",
                "12 Mar 2021",
            ],
            [
                "Bo",
                "Chen",
                "https://www.linkedin.com/in/bochen",
                "bo@example.org",
                'The "Best" Co',
                "Data Engineer",
                "01 Jan 2020",
            ],
            [
                "Ćirilo",
                "Núñez",
                "https://www.linkedin.com/in/cn",
                "",
                "Acme, Inc.",
                "",
                "3 Feb 2024",
            ],
        ],
    )
    report = import_file(commands.imports, "linkedin", path)
    assert report.counts() == {"added": 3, "updated": 0, "unchanged": 0, "skipped": 0}
    assert [r.line for r in report.rows] == [5, 6, 7]  # after the notes and the header
    people = contacts()
    ada = people["Ada Okafor"]
    assert ada["organization"] == "Acme, Inc." and ada["role"] == "Product Manager"
    assert ada["linkedin"] == "https://www.linkedin.com/in/ada-okafor"
    assert ada["source"] == "LinkedIn, connected 2021-03-12"
    assert ada["stage"] == "identified"
    assert people["Bo Chen"]["organization"] == 'The "Best" Co'
    assert people["Bo Chen"]["email"] == "bo@example.org"
    assert people["Ćirilo Núñez"]["organization"] == "Acme, Inc."
    assert Organization.select().count() == 2
    detail = queries.contact_detail(ada["id"])
    assert [(e["kind"], e["to_stage"], e["text"]) for e in detail["events"]] == [
        ("imported", "identified", "Imported Connections.csv")
    ]


def test_newer_export_updates_and_adds_never_duplicates(commands, tmp_path, clock):
    first = write_linkedin(tmp_path / "old.csv", [person(1), person(2), person(3)])
    import_file(commands.imports, "linkedin", first)
    ada = Contact.get(Contact.name == "First1 Last1")
    commands.contacts.update_contact(ada.id, notes="my own notes", email="me@first1.example")
    clock.advance(days=30)
    moved = person(1, company="Globex", position="Director")
    moved[2] = "https://linkedin.com/in/PERSON-1/"  # another spelling of the same profile
    newer = write_linkedin(tmp_path / "new.csv", [moved, person(2), person(3), person(4)])

    report = import_file(commands.imports, "linkedin", newer)

    assert report.counts() == {"added": 1, "updated": 1, "unchanged": 2, "skipped": 0}
    assert Contact.select().count() == 4
    first1 = contacts()["First1 Last1"]
    assert (first1["organization"], first1["role"]) == ("Globex", "Director")
    # What LinkedIn does not know is kept: the notes and the email typed by hand.
    assert first1["notes"] == "my own notes" and first1["email"] == "me@first1.example"
    updated = report.of("updated")[0]
    assert updated.detail == "role, linkedin, organization"
    events = queries.contact_detail(first1["id"])["events"]
    assert events[-1]["kind"] == "imported"
    assert events[-1]["text"] == "Imported new.csv: role, linkedin, organization"


def test_dry_run_reports_what_the_import_does_and_writes_nothing(commands, tmp_path, db_path):
    import_file(commands.imports, "linkedin", write_linkedin(tmp_path / "a.csv", [person(1)]))
    path = write_linkedin(
        tmp_path / "b.csv",
        [
            person(1, position="CTO"),
            person(2),
            ["", "", "https://www.linkedin.com/in/gone", "", "", "", ""],
            person(2),
        ],
    )
    before = all_rows(db_path)

    dry = import_file(commands.imports, "linkedin", path, dry_run=True)

    assert all_rows(db_path) == before
    assert dry.dry_run and dry.summary() == "would add 1, update 1, leave 0 unchanged, skip 2"
    assert [(r.line, r.detail) for r in dry.of("skipped")] == [
        (7, "no name"),
        (8, "same person as line 6"),
    ]
    real = import_file(commands.imports, "linkedin", path)
    assert real.rows == dry.rows


def test_matching_by_email_then_name_and_organization(commands, tmp_path):
    by_email = commands.contacts.add_contact("Ada O.", email="ADA@northwind.example").contact_id
    # Organization names compare like the database's unique index: ASCII case only.
    by_name = commands.contacts.add_contact("zoë ŝtraße", organization="Ünïcode GMBH").contact_id
    namesake = commands.contacts.add_contact("Zoë Ŝtraße", organization="Other Org").contact_id
    path = tmp_path / "cards.vcf"
    path.write_text(VCARDS, encoding="utf-8")

    report = import_file(commands.imports, "vcard", path)

    assert [(r.action, r.contact_id) for r in report.rows] == [
        ("updated", by_email),
        ("updated", by_name),
    ]
    assert Contact.select().count() == 3
    assert Contact.get_by_id(by_email).name == "Ada Okafor"  # the card's full name
    assert Contact.get_by_id(namesake).email == ""


def test_same_name_and_organization_with_another_profile_is_another_person(commands, tmp_path):
    import_file(
        commands.imports,
        "linkedin",
        write_linkedin(
            tmp_path / "a.csv",
            [["Sam", "Lee", "https://www.linkedin.com/in/sam-lee-1", "", "Acme", "PM", ""]],
        ),
    )
    report = import_file(
        commands.imports,
        "linkedin",
        write_linkedin(
            tmp_path / "b.csv",
            [["Sam", "Lee", "https://www.linkedin.com/in/sam-lee-2", "", "Acme", "PM", ""]],
        ),
    )
    assert report.counts()["added"] == 1
    assert Contact.select().where(Contact.name == "Sam Lee").count() == 2


def test_an_import_is_one_undoable_action(commands, tmp_path, db_path):
    before = all_rows(db_path)
    import_file(
        commands.imports,
        "linkedin",
        write_linkedin(tmp_path / "a.csv", [person(1), person(2, company="New Co")]),
    )
    assert commands.history.undo().label == "Undid: Imported a.csv"
    after_undo = all_rows(db_path)
    assert {k: v for k, v in after_undo.items() if k != "change"} == {
        k: v for k, v in before.items() if k != "change"
    }
    commands.history.redo()
    assert set(contacts()) == {"First1 Last1", "First2 Last2"}


@pytest.mark.parametrize(
    "content, line, words",
    [
        (
            b"\xef\xbb\xbfFirst Name,Last Name,URL,Company,Position\r\nAda,Ok,u,Caf\xe9,PM\r\n",
            2,
            "byte 0xe9 is not utf-8 text",
        ),
        (
            linkedin_text(
                [person(1)], header=["First Name", "Last Name", "Company", "Position"]
            ).encode(),
            4,
            "the header has no URL column",
        ),
        (linkedin_text([person(1), person(2)]).encode()[:-20], 6, "fields where the header"),
        (
            linkedin_text([person(1)]).encode() + b'Bo,Chen,"https://x,,Acme,PM,1 Jan 2020\r\n',
            6,
            "unexpected end of data (is the file cut short?)",
        ),
        (
            linkedin_text([person(1), person(2, connected="31 Feb 2021")]).encode(),
            6,
            "Connected On '31 Feb 2021' is not a date",
        ),
        (
            linkedin_text([person(1), ["Nul\x00l", "X", "u", "", "C", "P", ""]]).encode(),
            6,
            "name holds a NUL character",
        ),
    ],
)
def test_a_malformed_linkedin_file_names_the_line_and_writes_nothing(
    commands, tmp_path, db_path, content, line, words
):
    import_file(commands.imports, "linkedin", write_linkedin(tmp_path / "ok.csv", [person(9)]))
    before = all_rows(db_path)
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as error:
        import_file(commands.imports, "linkedin", path)
    assert str(error.value).startswith(f"bad.csv line {line}: ")
    assert words in str(error.value)
    assert all_rows(db_path) == before


def test_not_a_linkedin_file(commands, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Name,Company\nAda,Acme\n")
    with pytest.raises(ImportFileError, match="no header line with First Name and Last Name"):
        import_file(commands.imports, "linkedin", path)


def test_latin1_file_with_its_encoding_named(commands, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(
        linkedin_text(
            [["José", "Müller", "https://linkedin.com/in/jm", "", "Café Crème", "Chef", ""]]
        ).encode("latin-1")
    )
    with pytest.raises(ImportFileError, match="line 5"):
        import_file(commands.imports, "linkedin", path)
    import_file(commands.imports, "linkedin", path, encoding="latin-1")
    assert contacts()["José Müller"]["organization"] == "Café Crème"


def test_ten_thousand_rows_with_progress(commands, tmp_path):
    path = write_linkedin(tmp_path / "big.csv", [person(i) for i in range(10_000)])
    seen: list[tuple[int, int]] = []
    started = time.perf_counter()
    report = import_file(commands.imports, "linkedin", path, progress=lambda *p: seen.append(p))
    elapsed = time.perf_counter() - started
    assert report.counts()["added"] == 10_000
    assert Contact.select().count() == 10_000 and Organization.select().count() == 50
    assert Event.select().where(Event.kind == "imported").count() == 10_000
    assert seen[-1] == (10_000, 10_000) and len(seen) >= 10
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert elapsed < 20  # measured about 1 s; this only catches a fall off a cliff
    again = import_file(commands.imports, "linkedin", path)
    assert again.counts()["unchanged"] == 10_000


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
        ).map(str.strip),
        min_size=7,
        max_size=7,
    )
)
def test_linkedin_cells_come_back_exactly(tmp_path_factory, cells):
    """Whatever a cell holds (commas, quotes, line breaks, non-Latin text), the reader
    gives it back as LinkedIn's writer wrote it."""
    path = tmp_path_factory.mktemp("h") / "c.csv"
    cells[0] = cells[0] or "Ada"  # a row with no cell at all is a blank line
    cells[6] = ""  # Connected On is parsed as a date, tested elsewhere
    write_linkedin(path, [cells])
    (row,) = importers.read_file("linkedin", path)
    assert row.name == f"{cells[0]} {cells[1]}".strip()
    assert (row.linkedin, row.email, row.organization, row.role) == (
        cells[2],
        cells[3],
        cells[4],
        cells[5],
    )


@given(
    st.from_regex(r"[a-z0-9][a-z0-9-]{2,20}", fullmatch=True),
    st.sampled_from(["https://www.", "http://", "", "https://uk.", "HTTPS://WWW."]),
    st.sampled_from(["", "/", "/?trk=public", "#about"]),
)
def test_one_linkedin_key_per_profile(slug, prefix, suffix):
    url = f"{prefix}linkedin.com/in/{slug}{suffix}"
    assert linkedin_key(url) == linkedin_key(f"https://www.linkedin.com/in/{slug.upper()}")
    assert linkedin_key(url) != linkedin_key(f"https://www.linkedin.com/in/{slug}x")


# ---------------------------------------------------------------- vCard


def test_vcards_3_and_4_with_folding_and_several_emails(commands, tmp_path):
    path = tmp_path / "cards.vcf"
    path.write_text(VCARDS, encoding="utf-8", newline="")
    report = import_file(commands.imports, "vcard", path)
    assert [(r.line, r.action) for r in report.rows] == [(1, "added"), (17, "added")]
    ada = contacts()["Ada Okafor"]
    assert ada["organization"] == "Northwind, Health" and ada["role"] == "Product Manager"
    assert ada["email"] == "ada@northwind.example"  # the preferred one
    assert ada["phone"] == "+1 555 0100" and ada["location"] == "Lagos, Nigeria"
    assert ada["linkedin"] == "https://www.linkedin.com/in/ada-okafor"
    assert ada["tags"] == ["alumni", "mentor"]
    assert ada["notes"] == (
        "Met at the alumni evening; knows the data team. This note is "
        "long enough to be folded onto a second line.\n"
        "Other emails: ada@home.example\nOther phones: +1 555 0199"
    )
    zoe = contacts()["Zoë Ŝtraße"]
    assert (zoe["organization"], zoe["email"], zoe["phone"]) == (
        "Ünïcode GmbH",
        "zoe@unicode.example",
        "+49-30-1234567",
    )
    # Any of a card's addresses finds the person, whatever its case.
    again = tmp_path / "again.vcf"
    again.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEMAIL;TYPE=pref:new@x.example\n"
        "EMAIL:ADA@NORTHWIND.example\nEND:VCARD\n"
    )
    assert import_file(commands.imports, "vcard", again).rows[0].contact_id == ada["id"]


def test_vcard_2_1_quoted_printable(commands, tmp_path):
    path = tmp_path / "old.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
        "M=C3=BCller;J=C3=BCrgen\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
        "J=C3=BCrgen M=C3=BCller\nEND:VCARD\n"
    )
    import_file(commands.imports, "vcard", path)
    assert list(contacts()) == ["Jürgen Müller"]


@pytest.mark.parametrize(
    "text, line, words",
    [
        (
            VCARDS + "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Short\nEMAIL:x@y\n",
            28,
            "never closed (is the file cut short?)",
        ),
        (
            VCARDS + "BEGIN:VCARD\nVERSION:3.0\nFN:Bad\nthis line has no colon\nEND:VCARD\n",
            28,
            "Failed to parse line",
        ),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", 1, "a VCALENDAR where a vCard"),
        ("just some text\n", 1, "not a valid vCard"),
        (
            VCARDS + "BEGIN:VCARD\nVERSION:3.0\nFN:P\nPHOTO;ENCODING=b;TYPE=JPEG:!!!notbase64\n"
            "END:VCARD\n",
            25,
            "the card that begins here cannot be read: ",
        ),
        (
            "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:J=C3=BC\n"
            "END:VCARD\n",
            1,
            "unknown encoding: NOPE",
        ),
    ],
)
def test_a_broken_card_names_the_line_and_writes_nothing(
    commands, tmp_path, db_path, text, line, words
):
    before = all_rows(db_path)
    path = tmp_path / "bad.vcf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as error:
        import_file(commands.imports, "vcard", path)
    assert str(error.value).startswith(f"bad.vcf line {line}: ") and words in str(error.value)
    assert all_rows(db_path) == before


def test_empty_vcard_file(commands, tmp_path):
    (tmp_path / "empty.vcf").write_text("")
    with pytest.raises(ImportFileError, match="no vCard found"):
        import_file(commands.imports, "vcard", tmp_path / "empty.vcf")


# ---------------------------------------------------------------- spreadsheet CSV


def test_spreadsheet_with_a_column_map(commands, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "Given;Family;Firm;Why;Labels\r\n"
        "Ada;Okafor;Acme, Inc.;same school;alumni, pm\r\n"
        ";;;;\r\n"
        "Bo;Chen;;;\r\n",
        encoding="utf-8-sig",
    )
    mapping = importers.parse_map(
        "Given=first_name, Family=last_name,firm=organization,Why=common_ground,Labels=tags"
    )
    report = import_file(commands.imports, "csv", path, mapping=mapping)
    assert report.counts()["added"] == 2
    ada = contacts()["Ada Okafor"]
    assert (ada["organization"], ada["common_ground"], ada["tags"]) == (
        "Acme, Inc.",
        "same school",
        ["alumni", "pm"],
    )
    assert ada["source"] == "spreadsheet"
    assert contacts()["Bo Chen"]["organization"] is None


def test_spreadsheet_map_errors(commands, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("Name,Company\nAda,Acme\n")
    with pytest.raises(ImportFileError, match="unknown field 'employer'"):
        importers.parse_map("Company=employer")
    with pytest.raises(ImportFileError, match="should be column=field"):
        importers.parse_map("Company")
    with pytest.raises(ImportFileError, match="must give a column for name"):
        import_file(
            commands.imports, "csv", path, mapping=importers.parse_map("Company=organization")
        )
    with pytest.raises(
        ImportFileError,
        match=r"mine.csv line 1: the header has no column "
        r"'Firm'; it has: Name, Company",
    ):
        import_file(
            commands.imports, "csv", path, mapping=importers.parse_map("Name=name,Firm=role")
        )
    assert Contact.select().count() == 0


def test_export_csv_reads_back_without_a_map(commands, tmp_path):
    from tests.io import exporting as exporters

    commands.contacts.add_contact(
        '=HYPERLINK("x")', organization="@corp", phone="+44 20 7946 0000", tags="a, b"
    )
    out = io.StringIO()
    exporters.export_csv(out)
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue())
    database.execute_sql("DELETE FROM event")
    database.execute_sql("DELETE FROM contact")
    import_file(commands.imports, "csv", path)
    (back,) = contacts().values()
    assert back["name"] == '=HYPERLINK("x")' and back["organization"] == "@corp"
    assert back["phone"] == "+44 20 7946 0000" and back["tags"] == ["a", "b"]


def test_guess_kind(tmp_path):
    write_linkedin(tmp_path / "Connections.csv", [person(1)])
    (tmp_path / "sheet.csv").write_text("Name\nAda\n")
    (tmp_path / "a.vcf").write_text(VCARDS)
    assert importers.guess_kind(tmp_path / "Connections.csv") == "linkedin"
    assert importers.guess_kind(tmp_path / "sheet.csv") == "csv"
    assert importers.guess_kind(tmp_path / "a.vcf") == "vcard"
    assert importers.guess_kind(tmp_path / "notes.txt") is None


def test_header_only_spreadsheet_adds_nobody(commands, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(",".join(LINKEDIN_HEADER) + "\n")
    assert import_file(commands.imports, "linkedin", path).rows == []
    assert not Change.select().exists()


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=25)


@settings(max_examples=60, deadline=None)
@given(
    name=_TEXT.map(str.strip).filter(bool),
    org=_TEXT.map(str.strip),
    note=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=60
    ),
    emails=st.lists(
        st.from_regex(r"[a-z0-9.]{1,10}@[a-z]{1,8}\.example", fullmatch=True),
        max_size=3,
        unique=True,
    ),
)
def test_vcard_values_come_back_exactly(name, org, note, emails):
    """A card written by vobject, with commas, semicolons, backslashes and line breaks in
    its values and long lines folded, reads back as written."""
    card = vobject.vCard()
    card.add("fn").value = name
    card.add("n").value = vobject.vcard.Name(family=name)
    card.add("org").value = [org]
    for email in emails:
        card.add("email").value = email
    if note:
        card.add("note").value = note
    (row,) = vcard.read(Path("h.vcf"), card.serialize())
    assert (row.name, row.organization) == (name, org)
    assert row.emails() == emails
    expected_notes = [note.strip()] if note.strip() else []  # outer blanks are dropped
    if emails[1:]:
        expected_notes.append("Other emails: " + ", ".join(emails[1:]))
    assert row.notes == "\n".join(expected_notes)

"""Sample files for the import tests, written the way the real programs write them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

LINKEDIN_NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\r\n'
    "\r\n"
)
LINKEDIN_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]


def linkedin_text(people: list[list[str]], header: list[str] = LINKEDIN_HEADER) -> str:
    """LinkedIn's layout: the notes, a blank line, the header, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(people)
    return LINKEDIN_NOTES + out.getvalue()


def write_linkedin(path: Path, people: list[list[str]], bom: bool = True, **kw) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + linkedin_text(people, **kw).encode())
    return path


def person(
    i: int,
    company: str = "",
    position: str = "Engineer",
    email: str = "",
    connected: str = "12 Mar 2021",
) -> list[str]:
    return [
        f"First{i}",
        f"Last{i}",
        f"https://www.linkedin.com/in/person-{i}",
        email,
        company or f"Company {i % 50}",
        position,
        connected,
    ]


# The first line of each sample is line 1 of its file.
VCARDS = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Okafor;Ada;;;\r\n"
    "FN:Ada Okafor\r\n"
    "ORG:Northwind\\, Health;Research\r\n"
    "TITLE:Product Manager\r\n"
    "EMAIL;TYPE=INTERNET,HOME:ada@home.example\r\n"
    "EMAIL;TYPE=INTERNET,WORK,pref:ada@northwind.example\r\n"
    "TEL;TYPE=CELL:+1 555 0100\r\n"
    "TEL;TYPE=WORK:+1 555 0199\r\n"
    "ADR;TYPE=WORK:;;1 Main St;Lagos;;;Nigeria\r\n"
    "URL:https://www.linkedin.com/in/ada-okafor\r\n"
    "CATEGORIES:alumni,mentor\r\n"
    "NOTE:Met at the alumni evening\\; knows the data team. This note is long eno\r\n"
    " ugh to be folded onto a second line.\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Zoë Ŝtraße\r\n"
    "N:Ŝtraße;Zoë;;;\r\n"
    "ORG:Ünïcode GmbH\r\n"
    "EMAIL;PREF=1:zoe@unicode.example\r\n"
    "TEL;VALUE=uri;TYPE=cell:tel:+49-30-1234567\r\n"
    "END:VCARD\r\n"
)

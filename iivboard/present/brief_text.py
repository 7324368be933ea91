"""The brief on an organization in words: plain lines for the terminal and the brief
screen, and Markdown for a file. Both are made from the same OrganizationBrief, section by
section, so the screen, `iivboard brief` and the saved file always say the same.

User text goes through `visible` (controls as symbols) everywhere; in Markdown it is also
escaped, so a name like `*Acme*` or a note starting with `#` is read as written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from iivboard.domain.brief import BriefMeeting, BriefPerson, OrganizationBrief
from iivboard.domain.calendar import local, utc
from iivboard.domain.stages import STAGE_LABELS
from iivboard.present.text import plural, visible

STATUS_WORDS = {
    "held": "held",
    "coming": "coming",
    "cancelled": "cancelled",
    "dropped": "not held",
}


@dataclass(frozen=True)
class Line:
    """One line of the brief; `kind` says how a screen may style it: title, heading,
    subheading, text, note (dim), alert (overdue), or blank."""

    kind: str
    text: str
    indent: int = 0


def when(moment: dt.datetime, zone: dt.tzinfo) -> str:
    return f"{local(moment, zone):%a %d %b %Y %H:%M}"


def stage_words(person: BriefPerson) -> str:
    """ "Requested" or "Requested (closed: declined, busy)", as the contact screen says it."""
    words = STAGE_LABELS.get(person.stage, person.stage)
    if person.outcome:
        words += f" (closed: {person.outcome.replace('_', ' ')}"
        reason = person.outcome_reason.replace("_", " ")
        words += f", {reason})" if reason else ")"
    return words


def summary(brief: OrganizationBrief) -> str:
    count = len(brief.people)
    parts = [f"{count} {'person' if count == 1 else 'people'}"]
    parts.append(f"{plural(brief.held, 'meeting')} held")
    if brief.coming:
        parts.append(f"{brief.coming} coming")
    if brief.rank is not None:
        parts.append(f"#{brief.rank} on the target list")
    return ", ".join(parts)


def _person_line(person: BriefPerson) -> str:
    head = visible(person.name)
    if person.role:
        head += f", {visible(person.role)}"
    text = f"{head}: {stage_words(person)}"
    if person.due_words:
        text += f"; {person.due_words}"
    return text


def _flags(person: BriefPerson) -> list[str]:
    flags = []
    if person.may_recontact:
        flags.append("may be contacted again")
    elif person.may_recontact is False:
        flags.append("asked not to be contacted again")
    if person.offered_intro:
        flags.append("offered to introduce you")
    return flags


def _meeting_head(meeting: BriefMeeting, zone: dt.tzinfo) -> str:
    head = (
        f"{visible(meeting.person)}, {when(meeting.starts_at, zone)}, {meeting.minutes} min, "
        f"{meeting.format.replace('_', ' ')}"
    )
    return f"{head} ({STATUS_WORDS.get(meeting.status, meeting.status)})"


def referral_lines(brief: OrganizationBrief) -> list[str]:
    """Who named whom: everyone here who named someone, then everyone here named by
    someone from elsewhere (a referral inside the organization is said once)."""
    here = {p.id for p in brief.people}
    lines = []
    for person in brief.people:
        for named in person.referred:
            lines.append(f"{visible(person.name)} named {visible(named)}")
    for person in brief.people:
        if person.referred_by and person.referred_by_id not in here:
            lines.append(f"{visible(person.name)} was named by {visible(person.referred_by)}")
    return lines


def open_item_lines(brief: OrganizationBrief) -> list[tuple[str, str]]:
    """(line, level) of everyone with something due, soonest first: the card's words,
    which say "due" or "overdue" themselves when it is."""
    return [(f"{visible(p.name)}: {p.due_words}", p.due_level) for p in brief.open_items]


def _multiline(text: str) -> list[str]:
    return visible(text.strip("\n"), one_line=False).expandtabs(4).splitlines()


def brief_lines(brief: OrganizationBrief, zone: dt.tzinfo) -> list[Line]:
    """The brief as lines, for the terminal (`text`) and the brief screen (styled)."""
    out: list[Line] = [Line("title", visible(brief.name)), Line("note", summary(brief))]
    if brief.website:
        out.append(Line("text", f"Website: {visible(brief.website)}"))
    out += [Line("text", line) for line in _multiline(brief.notes)]
    out += [Line("blank", ""), Line("heading", "People")]
    if not brief.people:
        out.append(Line("note", "nobody here yet", 1))
    for person in brief.people:
        out.append(Line("text", _person_line(person), 1))
        flags = _flags(person)
        if flags:
            out.append(Line("note", "; ".join(flags).capitalize(), 2))
        out += [Line("text", line, 2) for line in _multiline(person.notes)]

    out += [Line("blank", ""), Line("heading", "Meetings")]
    if not brief.meetings:
        out.append(Line("note", "no meetings yet", 1))
    for meeting in brief.meetings:
        out.append(Line("subheading", _meeting_head(meeting, zone), 1))
        if meeting.place:
            out.append(Line("note", visible(meeting.place), 2))
        notes = _multiline(meeting.notes)
        if notes:
            out.append(Line("note", "Notes:", 2))
            out += [Line("text", line, 3) for line in notes]
        if meeting.asked:
            out.append(Line("note", "Questions asked:", 2))
            out += [Line("text", f"- {visible(q)}", 3) for q in meeting.asked]
        if meeting.not_asked:
            label = "Questions prepared:" if meeting.status == "coming" else "Not asked:"
            out.append(Line("note", label, 2))
            out += [Line("text", f"- {visible(q)}", 3) for q in meeting.not_asked]
        if meeting.reflection:
            out.append(Line("note", "What I learned:", 2))
            for prompt, answer in meeting.reflection:
                said = f"{prompt} {visible(answer)}" if prompt else visible(answer)
                out.append(Line("text", said, 3))

    out += [Line("blank", ""), Line("heading", "Referrals")]
    referrals = referral_lines(brief)
    out += [Line("text", line, 1) for line in referrals]
    if not referrals:
        out.append(Line("note", "none", 1))

    out += [Line("blank", ""), Line("heading", "Open items")]
    items = open_item_lines(brief)
    out += [Line("alert" if level == "overdue" else "text", line, 1) for line, level in items]
    if not items:
        out.append(Line("note", "nothing due", 1))
    return out


def text_report(brief: OrganizationBrief, zone: dt.tzinfo) -> str:
    return "".join("  " * line.indent + line.text + "\n" for line in brief_lines(brief, zone))


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
# A line that starts like a list item, a rule or an underline: its mark is escaped.
_MD_LINE_START = re.compile(r"^(\d*)([-+=.)])")


def md(text: str) -> str:
    """One line of user text for Markdown: read as typed, never as formatting (its
    leading and trailing spaces go, as Markdown would drop or misread them)."""
    text = _MD_SPECIAL.sub(r"\\\1", visible(text).strip())
    return _MD_LINE_START.sub(r"\1\\\2", text)


def _md_block(text: str) -> list[str]:
    """Multi-line user text as a block quote, each line escaped."""
    return [f"> {md(line)}" if line.strip() else ">" for line in _multiline(text)]


def markdown_report(brief: OrganizationBrief, zone: dt.tzinfo) -> str:
    out = [f"# {md(brief.name)}", ""]
    out.append(f"{summary(brief)}. Brief of {when(utc(brief.as_of), zone)}.")
    if brief.website:
        out += ["", f"Website: {md(brief.website)}"]
    if brief.notes.strip():
        out += ["", *_md_block(brief.notes)]

    out += ["", "## People", ""]
    if not brief.people:
        out.append("Nobody here yet.")
    for person in brief.people:
        line = f"- **{md(person.name)}**"
        if person.role:
            line += f", {md(person.role)}"
        line += f": {stage_words(person)}"
        if person.due_words:
            line += f"; {person.due_words}"
        out.append(line)
        flags = _flags(person)
        if flags:
            out.append(f"  - {'; '.join(flags).capitalize()}")
        for note in _multiline(person.notes):
            out.append(f"  - {md(note)}" if note.strip() else "")

    out += ["", "## Meetings", ""]
    if not brief.meetings:
        out.append("No meetings yet.")
    for meeting in brief.meetings:
        status = STATUS_WORDS.get(meeting.status, meeting.status)
        out += [
            f"### {md(meeting.person)}, {when(meeting.starts_at, zone)} ({status})",
            "",
            f"{meeting.minutes} min, {meeting.format.replace('_', ' ')}"
            + (f", {md(meeting.place)}" if meeting.place else ""),
            "",
        ]
        if meeting.notes.strip():
            out += ["**Notes**", "", *_md_block(meeting.notes), ""]
        if meeting.asked:
            out += ["**Questions asked**", "", *(f"- {md(q)}" for q in meeting.asked), ""]
        if meeting.not_asked:
            label = "Questions prepared" if meeting.status == "coming" else "Not asked"
            out += [f"**{label}**", "", *(f"- {md(q)}" for q in meeting.not_asked), ""]
        if meeting.reflection:
            out += ["**What I learned**", ""]
            for prompt, answer in meeting.reflection:
                out.append(f"- *{prompt}* {md(answer)}" if prompt else f"- {md(answer)}")
            out.append("")

    out += ["", "## Referrals", ""]
    referrals = referral_lines(brief)
    out += [f"- {md(line)}" for line in referrals] or ["None."]

    out += ["", "## Open items", ""]
    items = open_item_lines(brief)
    out += [f"- {md(line)}" for line, _ in items] or ["Nothing due."]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip("\n") + "\n"

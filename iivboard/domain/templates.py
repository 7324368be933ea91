"""Outreach message templates: their text, how a template file is read, and how one is
filled in. Pure: iivboard.io.templates keeps the files, the app fills in a contact.

A template's first line is `Subject: ...`, then a blank line, then the body. Placeholders
use the `str.format` spelling, `{first_name}`, with `{{` and `}}` for literal braces; only
plain names are allowed (no `{x.attr}`, `{x!r}` or `{x:>10}`), so a template cannot reach
into Python objects. A placeholder with no value is never left blank: it stays in the
text as `{first_name?}` and is reported, so the user sees it before anything is sent.
"""

from __future__ import annotations

import re
import string
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from iivboard.domain.errors import BadFile

TEMPLATES: tuple[str, ...] = ("request", "follow-up", "thank-you", "keep-in-touch")
TEMPLATE_LABELS = {
    "request": "Request",
    "follow-up": "Follow-up",
    "thank-you": "Thank-you",
    "keep-in-touch": "Keep in touch",
}
# What sending each message means in the history; logging it moves the stage from there.
LOG_KIND = {
    "request": "request",
    "follow-up": "follow_up",
    "thank-you": "thank_you",
    "keep-in-touch": "touch",
}
# The message a Today line asks for, by what its "done" logs: the same kinds as LOG_KIND, so
# logging the message does the line.
_FOR_ACTION = {kind: name for name, kind in LOG_KIND.items()}
# The message a contact in each stage most likely needs next.
SUGGESTED = {
    "identified": "request",
    "requested": "follow-up",
    "met": "thank-you",
    "thanked": "keep-in-touch",
    "in_touch": "keep-in-touch",
}

PLACEHOLDERS = {
    "first_name": "the contact's first name",
    "full_name": "the contact's name as saved",
    "organization": "their organization",
    "role": "their role",
    "referred_by": "the name of the contact who referred you to them",
    "source": "how you found their name (the source field)",
    "name_source": 'who referred you, or else the source: for "I got your name from ..."',
    "common_ground": "what you have in common",
    "meeting_day": "the day of your latest meeting, e.g. Tuesday 24 November",
    "meeting_note": "the first line of the notes from your latest meeting",
    "one_thing": "the one thing from the meeting you want to mention (yours to write: "
    "your notes are shown beside the draft)",
    "my_name": "your name (settings: profile.name)",
    "my_intro": "your one-line introduction (settings: profile.intro)",
    "my_school_or_role": "your school or current role (settings: profile.school_or_role)",
}

# Placeholders no record can fill: the user writes them in, with the notes for reference.
ASKED = frozenset({"one_thing"})

DEFAULTS = {
    "request": """\
Subject: 20 minutes about your work at {organization}?

Dear {first_name},

I got your name from {name_source}. {my_intro} I would value hearing how you see your \
work as {role} at {organization}.

I am not asking about jobs: I want to learn what the work is really like, from someone \
who does it.

Could you spare 20 minutes, by phone, video or over coffee, at a time that suits you? \
I will keep to the time we agree.

With thanks,
{my_name}
{my_school_or_role}
""",
    "follow-up": """\
Subject: Re: 20 minutes about your work at {organization}?

Dear {first_name},

A little while ago I wrote to ask for a short conversation about your work at \
{organization}. Messages get buried, so here is a gentle reminder.

If you could spare 20 minutes at a time that suits you, I would be grateful. If now is \
not a good moment, I understand completely.

Best wishes,
{my_name}
""",
    "thank-you": """\
Subject: Thank you, {first_name}

Dear {first_name},

Thank you for taking the time to talk with me on {meeting_day}. I keep coming back to \
what you said about {one_thing}; it has changed how I think about my next step.

I will let you know how things turn out. Thank you again for your time and generosity.

Kind regards,
{my_name}
""",
    "keep-in-touch": """\
Subject: News since we spoke, {first_name}

Dear {first_name},

It has been a while since we talked about your work at {organization}, and I wanted to \
say that your advice about {one_thing} has stayed with me: I have been putting it to use.

I hope all is going well for you. If there is ever anything I can help with in return, \
I would be glad to.

Best wishes,
{my_name}
""",
}


# Defaults of earlier versions, word for word. A template file that still holds one was
# never edited, so it gets today's default; an edited file is the user's and stays as it is
# (every placeholder it uses still works). These two pasted the first line of the meeting
# notes, {meeting_note}, into a sentence.
PREVIOUS_DEFAULTS: dict[str, tuple[str, ...]] = {
    "thank-you": (
        """\
Subject: Thank you, {first_name}

Dear {first_name},

Thank you for taking the time to talk with me on {meeting_day}. I keep coming back to \
what you said about {meeting_note}; it has changed how I think about my next step.

I will let you know how things turn out. Thank you again for your time and generosity.

Kind regards,
{my_name}
""",
    ),
    "keep-in-touch": (
        """\
Subject: News since we spoke, {first_name}

Dear {first_name},

It has been a while since we talked about your work at {organization}, and I wanted to \
say that your advice about {meeting_note} has stayed with me: I have been putting it to use.

I hope all is going well for you. If there is ever anything I can help with in return, \
I would be glad to.

Best wishes,
{my_name}
""",
    ),
}

_MARKER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\?\}")
_HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"}


class TemplateError(BadFile, ValueError):
    """A template file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Template:
    name: str
    subject: str
    body: str
    path: Path | None = None


@dataclass(frozen=True)
class Message:
    template: str
    subject: str
    body: str
    to: str = ""
    missing: tuple[str, ...] = ()  # known placeholders with no value for this contact
    unknown: tuple[str, ...] = ()  # names the template uses that iivboard does not know
    reference: str = ""  # the latest meeting's notes, shown beside the draft, never pasted

    @property
    def flagged(self) -> tuple[str, ...]:
        return self.missing + self.unknown

    def text(self) -> str:
        """Subject line, blank line, body: the form the editor and the CLI show."""
        return f"Subject: {self.subject}\n\n{self.body}"


def template_name(text: str) -> str:
    """`follow_up`, `Follow-Up` and the log kind `touch` all name a template."""
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    aliases = {kind.replace("_", "-"): name for name, kind in LOG_KIND.items()}
    key = aliases.get(key, key)
    if key not in TEMPLATES:
        raise TemplateError(f"unknown template {text!r}; templates are: {', '.join(TEMPLATES)}")
    return key


def parse_template(name: str, text: str, path: Path | None = None) -> Template:
    where = str(path) if path else name
    lines = text.splitlines()
    if not lines or not lines[0].lower().startswith("subject:"):
        raise TemplateError(f"{where} line 1: must start with 'Subject:'")
    subject = lines[0][len("subject:") :].strip()
    for number, line in enumerate(lines, start=1):
        _check_line(line, where, number)
    body = "\n".join(lines[1:]).strip("\n").rstrip() + "\n"
    return Template(name, subject, body, path)


def _check_line(line: str, where: str, number: int) -> None:
    try:
        fields = list(string.Formatter().parse(line))
    except ValueError as exc:
        raise TemplateError(
            f"{where} line {number}: {exc} (write {{{{ and }}}} for a literal brace)"
        ) from None
    for _, field, spec, conversion in fields:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            shown = field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise TemplateError(
                f"{where} line {number}: {{{shown}}} is not a placeholder; "
                "use a plain name such as {first_name}"
            )


def _fill(text: str, values: dict[str, str], missing: list[str], unknown: list[str]) -> str:
    out = []
    for literal, field, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if field is None:
            continue
        value = values.get(field, "")
        if value.strip():
            out.append(value)
            continue
        out.append(f"{{{field}?}}")
        bucket = missing if field in PLACEHOLDERS else unknown
        if field not in bucket:
            bucket.append(field)
    return "".join(out)


def render(
    template: Template, values: dict[str, str], to: str = "", reference: str = ""
) -> Message:
    missing: list[str] = []
    unknown: list[str] = []
    subject = _fill(template.subject, values, missing, unknown)
    body = "\n".join(_fill(line, values, missing, unknown) for line in template.body.split("\n"))
    return Message(template.name, subject, body, to, tuple(missing), tuple(unknown), reference)


def fill_gaps(message: Message, values: dict[str, str]) -> Message:
    """The message with the `{name?}` markers of `values` replaced by what the user wrote
    (on one line); the other gaps stay flagged."""
    text = message.text()
    for name, value in values.items():
        if one_line(value):
            text = text.replace(f"{{{name}?}}", one_line(value))
    return redraft(message, text)


def first_name(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in _HONORIFICS:
        words = words[1:]
    return words[0] if words else ""


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def first_note_line(notes: str) -> str:
    for line in notes.splitlines():
        line = line.strip().lstrip("-*•").strip()
        if line:
            return line
    return ""


def markers(text: str) -> list[str]:
    """The `{name?}` markers still in a text (after the user edited it), in order, once each."""
    return list(dict.fromkeys(_MARKER.findall(text)))


def parse_draft(text: str, fallback_subject: str = "") -> tuple[str, str]:
    """Subject and body of a message as edited: a first `Subject:` line is the subject."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[0].lower().startswith("subject:"):
        return lines[0][len("subject:") :].strip(), "\n".join(lines[1:]).strip("\n") + "\n"
    return fallback_subject, text


def redraft(message: Message, text: str) -> Message:
    """The message after the user edited it: markers left in the text stay flagged."""
    subject, body = parse_draft(text, message.subject)
    left = markers(subject + "\n" + body)
    return Message(
        message.template,
        subject,
        body,
        message.to,
        tuple(n for n in left if n in PLACEHOLDERS),
        tuple(n for n in left if n not in PLACEHOLDERS),
        message.reference,
    )


def mailto_url(to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens a new mail with the subject and body filled in."""
    query = urllib.parse.urlencode(
        {"subject": subject, "body": body.replace("\r\n", "\n").replace("\n", "\r\n")},
        quote_via=urllib.parse.quote,
    )
    return f"mailto:{urllib.parse.quote(to.strip(), safe='@')}?{query}"


def template_for_action(action: str) -> str | None:
    """The template whose sending is what a Today line's "done" logs, or None when the line
    asks for no message (a confirmation, a meeting held, moving on)."""
    return _FOR_ACTION.get(action)


def suggested_template(stage: str) -> str:
    return SUGGESTED.get(stage, "request")

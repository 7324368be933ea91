"""Preparing a call and what a call leaves behind: prep steps, chosen questions, reflection.

Pure functions over a meeting's stored values (the JSON in Meeting.prep and
Meeting.questions); the meeting commands (app/commands/meetings.py) do the writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from peewee import JOIN

from iivboard.app import meetings_query
from iivboard.domain.calendar import utc
from iivboard.domain.stages import STAGE_LABELS
from iivboard.storage.models import Contact, Meeting, Organization, prep_of, questions_of

MIN_QUESTIONS = 3
MAX_QUESTIONS = 6

# (key, label). "questions", "intro" and "confirm" are done when their content exists;
# the two research steps are ticked by hand.
PREP_STEPS: tuple[tuple[str, str], ...] = (
    ("organization", "Research the organization"),
    ("person", "Research the person"),
    ("questions", f"Choose {MIN_QUESTIONS} to {MAX_QUESTIONS} questions"),
    ("intro", "Write a 30-second introduction"),
    ("confirm", "Confirm the day before"),
)
TICKED_STEPS = ("organization", "person")
INTRO_KEY = "intro_text"

# The reflection after a call: (key, prompt). Stored as labelled lines in Meeting.reflection.
REFLECTION_PROMPTS: tuple[tuple[str, str], ...] = (
    ("fit", "Does it fit my interests, values and skills?"),
    ("surprised", "What surprised me?"),
    ("need", "What would I need (training, experience)?"),
    ("next", "Next steps"),
)


@dataclass(frozen=True)
class PrepStep:
    key: str
    label: str
    done: bool
    detail: str = ""


def prep_steps(meeting: Meeting) -> list[PrepStep]:
    prep = prep_of(meeting)
    chosen = len(questions_of(meeting))
    intro = str(prep.get(INTRO_KEY, "")).strip()
    steps = []
    for key, label in PREP_STEPS:
        if key == "questions":
            steps.append(
                PrepStep(key, label, MIN_QUESTIONS <= chosen <= MAX_QUESTIONS, f"{chosen} chosen")
            )
        elif key == "intro":
            words = len(intro.split())
            steps.append(
                PrepStep(key, label, bool(intro), f"{words} words" if intro else "not written")
            )
        elif key == "confirm":
            steps.append(
                PrepStep(
                    key,
                    label,
                    bool(meeting.confirmed),
                    "confirmed" if meeting.confirmed else "not yet",
                )
            )
        else:
            steps.append(PrepStep(key, label, bool(prep.get(key))))
    return steps


def choose_questions(current: list[dict[str, Any]], texts: list[str]) -> list[dict[str, Any]]:
    """The new list of questions in the order given, keeping the ticks of those kept."""
    asked = {q["text"]: q["asked"] for q in current}
    seen: list[str] = []
    for text in texts:
        text = " ".join(str(text).split())
        if text and text not in seen:
            seen.append(text)
    return [{"text": t, "asked": asked.get(t, False)} for t in seen]


def tick_question(current: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    if not 0 <= index < len(current):
        raise IndexError(index)
    return [
        dict(q, asked=(not q["asked"]) if i == index else q["asked"]) for i, q in enumerate(current)
    ]


def reflection_text(answers: dict[str, str]) -> str:
    """The answers as labelled lines; prompts left blank are left out."""
    lines = []
    for key, prompt in REFLECTION_PROMPTS:
        answer = " ".join(str(answers.get(key, "")).split())
        if answer:
            lines.append(f"{prompt} {answer}")
    return "\n".join(lines)


def reflection_answers(text: str) -> list[tuple[str, str]]:
    """The reflection as stored, back into (prompt, answer) pairs; a line that starts with
    no known prompt (edited by hand, an older wording) comes back with an empty prompt."""
    answers = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        prompt = next((p for _, p in REFLECTION_PROMPTS if line.startswith(p + " ")), "")
        answers.append((prompt, line[len(prompt) :].strip() if prompt else line))
    return answers


def call_meeting(
    contact_id: int, what: str = "Call mode"
) -> tuple[Contact | None, Meeting | None, str]:
    """The contact and meeting a call (or prep) screen can open, or a reason it cannot."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return None, None, "That contact no longer exists"
    if contact.outcome is not None:
        return contact, None, f"{contact.name} is closed; reopen them first"
    stage = STAGE_LABELS[contact.stage]
    if not meetings_query.has_upcoming(contact.stage):
        return (
            contact,
            None,
            (
                f"{what} is for a scheduled meeting; {contact.name} is in "
                f"{stage}. Move them to Scheduled first."
            ),
        )
    meeting = meetings_query.open_meeting(contact_id)
    if meeting is None and meetings_query.is_another(contact.stage):
        return (
            contact,
            None,
            f"{what} is for a meeting to come; {contact.name} ({stage}) has none: "
            "R sets another meeting",
        )
    if meeting is None:
        return contact, None, f"{contact.name} has no meeting on record; reschedule first"
    return contact, meeting, ""


def referrals_of(contact_id: int) -> list[tuple[str, str]]:
    """(name, organization) of everyone this contact has named, oldest first."""
    # .tuples() yields (name, organization name) pairs; the stubs still say Contact.
    rows: Iterable[tuple[str, str | None]] = cast(
        Any,
        Contact.select(Contact.name, Organization.name)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .where(Contact.referred_by == contact_id)
        .order_by(Contact.id)
        .tuples(),
    )
    return [(name, org or "") for name, org in rows]


def elapsed(started_at: dt.datetime, now: dt.datetime) -> dt.timedelta:
    return max(dt.timedelta(0), utc(now) - started_at)


def clock_state(
    started_at: dt.datetime, minutes: int, warning_minutes: int, now: dt.datetime
) -> str:
    """'' while there is time, 'warning' in the last minutes, 'over' once time is up."""
    spent = elapsed(started_at, now)
    agreed = dt.timedelta(minutes=minutes)
    if spent >= agreed:
        return "over"
    if spent >= agreed - dt.timedelta(minutes=warning_minutes):
        return "warning"
    return ""


def mmss(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    return f"{seconds // 60:02d}:{seconds % 60:02d}"

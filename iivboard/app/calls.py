"""Preparing a call and what a call leaves behind: prep steps, chosen questions, reflection.

Pure functions over a meeting's stored values (the JSON in Meeting.prep and
Meeting.questions); the Service does the writing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from iivboard.app.service import Result, Service, clean_text
from iivboard.domain.calendar import utc
from iivboard.domain.errors import NotFound, Refused
from iivboard.domain.stages import STAGE_LABELS
from iivboard.storage.models import Contact, Meeting, Organization, prep_of, questions_of
from iivboard.storage.unit_of_work import Recorder

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


def choose_questions(current: list[dict], texts: list[str]) -> list[dict]:
    """The new list of questions in the order given, keeping the ticks of those kept."""
    asked = {q["text"]: q["asked"] for q in current}
    seen: list[str] = []
    for text in texts:
        text = " ".join(str(text).split())
        if text and text not in seen:
            seen.append(text)
    return [{"text": t, "asked": asked.get(t, False)} for t in seen]


def tick_question(current: list[dict], index: int) -> list[dict]:
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


def current_meeting(contact_id: int) -> Meeting | None:
    """The meeting a scheduled contact is about to have (or is having): the open one."""
    return (
        Meeting.select()
        .where(Meeting.contact == contact_id, Meeting.ended_at.is_null())
        .order_by(Meeting.starts_at.desc())
        .first()
    )


def latest_meeting(contact_id: int) -> Meeting | None:
    return (
        Meeting.select()
        .where(Meeting.contact == contact_id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .first()
    )


def call_meeting(
    contact_id: int, what: str = "Call mode"
) -> tuple[Contact | None, Meeting | None, str]:
    """The contact and meeting a call (or prep) screen can open, or a reason it cannot."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return None, None, "That contact no longer exists"
    if contact.outcome is not None:
        return contact, None, f"{contact.name} is closed; reopen them first"
    if contact.stage != "scheduled":
        stage = STAGE_LABELS[contact.stage]
        return (
            contact,
            None,
            (
                f"{what} is for a scheduled meeting; {contact.name} is in "
                f"{stage}. Move them to Scheduled first."
            ),
        )
    meeting = current_meeting(contact_id)
    if meeting is None:
        return contact, None, f"{contact.name} has no meeting on record; reschedule first"
    return contact, meeting, ""


def referrals_of(contact_id: int) -> list[tuple[str, str]]:
    """(name, organization) of everyone this contact has named, oldest first."""
    rows = (
        Contact.select(Contact.name, Organization.name)
        .join(Organization, JOIN.LEFT_OUTER, on=(Contact.organization == Organization.id))
        .where(Contact.referred_by == contact_id)
        .order_by(Contact.id)
        .tuples()
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


# ---------------------------------------------------------------- writing


def _meeting(meeting_id: int) -> Meeting:
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None:
        raise NotFound(f"no meeting with id {meeting_id}")
    return meeting


# Each reads the meeting and writes it back in one unit of work, so two windows ticking
# at once cannot lose each other's tick.


def set_prep_step(service: Service, meeting_id: int, key: str, done: bool) -> Result:
    if key not in TICKED_STEPS:
        raise Refused(f"{key!r} is not a step you tick by hand")
    step = dict(PREP_STEPS)[key] + (": done" if done else ": not done")
    label = f"Prep: {step.lower()}"

    def body(rec: Recorder) -> int:
        prep = prep_of(_meeting(meeting_id))
        prep[key] = bool(done)
        return service.edit_meeting(rec, meeting_id, {"prep": prep}, label=label)

    return service.uow.run(label, body)


def set_intro(service: Service, meeting_id: int, text: str) -> Result:
    intro = clean_text(text, "introduction").strip()
    label = "Prep: 30-second introduction"

    def body(rec: Recorder) -> int:
        prep = prep_of(_meeting(meeting_id))
        prep[INTRO_KEY] = intro
        return service.edit_meeting(rec, meeting_id, {"prep": prep}, label=label)

    return service.uow.run(label, body)


def set_questions(service: Service, meeting_id: int, texts: list[str]) -> Result:
    said: list[str] = []

    def body(rec: Recorder) -> int:
        chosen = choose_questions(questions_of(_meeting(meeting_id)), texts)
        if len(chosen) > MAX_QUESTIONS:
            raise Refused(
                f"{len(chosen)} questions is too many for a short call; keep {MAX_QUESTIONS} at most"
            )
        said.append(f"Prep: chose {len(chosen)} questions")
        return service.edit_meeting(rec, meeting_id, {"questions": chosen}, label=said[0])

    return service.uow.run(lambda: said[0], body)


def tick(service: Service, meeting_id: int, index: int) -> Result:
    """Mark question `index` (from 0) as asked, or not asked again."""
    said: list[str] = []

    def body(rec: Recorder) -> int:
        questions = questions_of(_meeting(meeting_id))
        if not 0 <= index < len(questions):
            raise Refused(f"there is no question {index + 1}")
        questions = tick_question(questions, index)
        word = "Asked" if questions[index]["asked"] else "Not asked"
        said.append(f"{word}: {questions[index]['text']}")
        return service.edit_meeting(rec, meeting_id, {"questions": questions}, label=said[0])

    return service.uow.run(lambda: said[0], body)

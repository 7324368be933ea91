"""Sample data: about 40 contacts across every stage, used by --demo, the tests and screenshots.

Everything is placed relative to `now`, so the demo always has something due today.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from iivboard.app import meetings_query
from iivboard.app.commands import Commands

ORGS = [  # name, rank on the target list
    ("Northwind Health", 1),
    ("Lumen Energy", 2),
    ("Civic Data Lab", 3),
    ("Harbor Books", 4),
    ("Atlas Robotics", 5),
    ("Greenleaf Foods", 6),
    ("Museo Digital", None),
    ("City Transit", None),
]

# name, org, role, source, stage, days ago that stage began, extra
PEOPLE: list[tuple[str, str, str, str, str, float, dict[str, Any]]] = [
    ("Ada Okafor", "Northwind Health", "Product Manager", "alumni directory", "identified", 2, {}),
    ("Bruno Silva", "Northwind Health", "UX Researcher", "LinkedIn", "identified", 5, {}),
    ("Chen Wei", "Lumen Energy", "Data Scientist", "conference: PyData", "identified", 1, {}),
    (
        "Dana Kowalski",
        "Civic Data Lab",
        "Policy Analyst",
        "friend of a friend",
        "identified",
        9,
        {},
    ),
    ("Elif Demir", "Atlas Robotics", "Hardware Engineer", "alumni directory", "identified", 3, {}),
    ("Farah Haddad", "Greenleaf Foods", "Supply Chain Lead", "LinkedIn", "identified", 12, {}),
    ("Gus Lindqvist", "Museo Digital", "Curator", "podcast guest", "identified", 4, {}),
    ("Hana Sato", "Harbor Books", "Editor", "former colleague", "identified", 6, {}),
    ("Ines Moreau", "City Transit", "Planner", "meetup", "identified", 2, {}),
    ("Jonas Berg", "Lumen Energy", "Grid Analyst", "LinkedIn", "identified", 7, {}),
    (
        "Kofi Mensah",
        "Northwind Health",
        "Clinical Informaticist",
        "alumni directory",
        "requested",
        9,
        {"followups": 0},
    ),
    (
        "Lena Fischer",
        "Lumen Energy",
        "Engineering Manager",
        "conference",
        "requested",
        4,
        {"followups": 0},
    ),
    (
        "Mateo Rossi",
        "Civic Data Lab",
        "Data Engineer",
        "LinkedIn",
        "requested",
        16,
        {"followups": 1, "followup_days_ago": 8},
    ),
    (
        "Nadia Rahman",
        "Harbor Books",
        "Marketing Lead",
        "sister's colleague",
        "requested",
        1,
        {"followups": 0},
    ),
    (
        "Omar Farouk",
        "Atlas Robotics",
        "Robotics Engineer",
        "alumni directory",
        "requested",
        11,
        {"followups": 0},
    ),
    (
        "Priya Nair",
        "Greenleaf Foods",
        "Sustainability Manager",
        "LinkedIn",
        "requested",
        3,
        {"followups": 0},
    ),
    (
        "Quinn Baker",
        "City Transit",
        "Operations Analyst",
        "meetup",
        "requested",
        6,
        {"followups": 0},
    ),
    (
        "Rosa Jimenez",
        "Northwind Health",
        "Design Lead",
        "referral",
        "scheduled",
        3,
        {"meeting_in_hours": 5, "confirmed": True},
    ),
    (
        "Sam Taylor",
        "Civic Data Lab",
        "Research Director",
        "conference",
        "scheduled",
        5,
        {"meeting_in_hours": 26, "confirmed": False},
    ),
    (
        "Tomás Alves",
        "Lumen Energy",
        "Product Designer",
        "LinkedIn",
        "scheduled",
        2,
        {"meeting_in_hours": 75, "confirmed": False},
    ),
    (
        "Uma Patel",
        "Harbor Books",
        "Publisher",
        "alumni directory",
        "scheduled",
        4,
        {"meeting_in_hours": 150, "confirmed": False},
    ),
    ("Victor Huang", "Atlas Robotics", "Team Lead", "former colleague", "met", 0.5, {}),
    ("Wen Li", "Northwind Health", "Data Analyst", "alumni directory", "met", 1.5, {}),
    ("Ximena Cruz", "Greenleaf Foods", "Brand Manager", "friend", "met", 3, {}),
    ("Yusuf Kaya", "Lumen Energy", "Policy Advisor", "conference", "thanked", 20, {}),
    ("Zoe Martin", "Museo Digital", "Digital Producer", "podcast guest", "thanked", 60, {}),
    ("Aiko Tanaka", "Civic Data Lab", "Software Engineer", "meetup", "thanked", 95, {}),
    ("Ben Carter", "Harbor Books", "Sales Director", "LinkedIn", "in_touch", 40, {}),
    ("Carla Mendes", "Northwind Health", "VP Operations", "alumni directory", "in_touch", 92, {}),
    ("Dev Sharma", "Atlas Robotics", "CTO", "conference", "in_touch", 10, {}),
    ("Emma Wilson", "City Transit", "Communications Lead", "friend", "in_touch", 120, {}),
    ("Felix Wagner", "Greenleaf Foods", "Analyst", "LinkedIn", "in_touch", 30, {}),
    (
        "Grace Kim",
        "Lumen Energy",
        "Recruiter",
        "LinkedIn",
        "declined",
        14,
        {"reason": "hiring_conflict"},
    ),
    ("Hugo Laurent", "Museo Digital", "Archivist", "meetup", "no_response", 21, {}),
    ("Isla Murphy", "Harbor Books", "Designer", "LinkedIn", "declined", 30, {"reason": "busy"}),
    (
        "Jamal Wright",
        "Civic Data Lab",
        "Fellow",
        "conference",
        "identified",
        1,
        {"referred_by": "Sam Taylor"},
    ),
    (
        "Kira Novak",
        "Atlas Robotics",
        "Product Owner",
        "referral",
        "identified",
        0.2,
        {"referred_by": "Victor Huang"},
    ),
    (
        "Luis Ortega",
        "Northwind Health",
        "Nurse Informaticist",
        "referral",
        "requested",
        2,
        {"referred_by": "Carla Mendes", "followups": 0},
    ),
    (
        "Mia Schultz",
        "Greenleaf Foods",
        "Quality Lead",
        "referral",
        "identified",
        2,
        {"referred_by": "Ximena Cruz"},
    ),
    (
        "Noah Levi",
        "Lumen Energy",
        "Field Engineer",
        "referral",
        "identified",
        4,
        {"referred_by": "Yusuf Kaya"},
    ),
]

QUESTIONS = [
    "What does a typical week look like for you?",
    "What changes do you see coming in this field over the next few years?",
    "What would you do differently if you were starting out today?",
    "Who else would you suggest I talk to?",
]

NOTES = {
    "Victor Huang": "Team of 6; hiring freeze until spring.\nSuggested I learn ROS.\n"
    "Offered to introduce me to Kira.",
    "Wen Li": "Uses SQL all day; dashboards for clinicians.\nMentioned a certificate course.",
    "Ximena Cruz": "Brand work is 50% supplier talks. Recommended Mia in quality.",
    "Yusuf Kaya": "Policy team small; reads every public comment.",
}


def _slot_before(moment: dt.datetime) -> dt.datetime:
    """The last 10:00 or 14:00 (UTC) at or before `moment`: meetings happen in office hours."""
    day = moment.replace(minute=0, second=0, microsecond=0)
    if moment.hour >= 14:
        return day.replace(hour=14)
    if moment.hour >= 10:
        return day.replace(hour=10)
    return (day - dt.timedelta(days=1)).replace(hour=14)


def _slot_after(moment: dt.datetime) -> dt.datetime:
    """The first 10:00 or 14:00 (UTC) at or after `moment`."""
    day = moment.replace(minute=0, second=0, microsecond=0)
    candidates = (
        day.replace(hour=10),
        day.replace(hour=14),
        (day + dt.timedelta(days=1)).replace(hour=10),
    )
    return next(slot for slot in candidates if slot >= moment)


def seed_demo(commands: Commands, now: dt.datetime) -> dict[str, int]:
    """Fill an empty database; returns the contact id of each demo person by name."""
    for org, rank in ORGS:
        commands.contacts.update_organization(org, rank=rank)
    ids: dict[str, int] = {}
    for name, org, role, source, stage, days_ago, extra in PEOPLE:
        began = now - dt.timedelta(days=days_ago)
        start = began - dt.timedelta(days=30) if stage not in ("identified",) else began
        referrer = ids.get(extra.get("referred_by", ""))
        cid = commands.contacts.add_contact(
            name,
            organization=org,
            role=role,
            source=source,
            referred_by=referrer,
            at=start,
            email=name.lower().replace(" ", ".").replace("á", "a") + "@example.org",
            tags="alumni" if "alumni" in source else None,
        ).contact_id
        assert cid is not None
        ids[name] = cid
        _walk(commands, cid, name, stage, began, now, extra)
    return ids


def _walk(
    commands: Commands,
    cid: int,
    name: str,
    stage: str,
    began: dt.datetime,
    now: dt.datetime,
    extra: dict[str, Any],
) -> None:
    if stage == "identified":
        return
    pipeline = commands.pipeline
    request_at = (
        began
        if stage in ("requested", "declined", "no_response")
        else began - dt.timedelta(days=14)
    )
    pipeline.log(
        cid,
        "request",
        channel="email" if len(name) % 2 else "linkedin",
        note="Short request: 20 minutes, information only.",
        at=request_at,
    )
    if stage == "requested":
        for _i in range(extra.get("followups", 0)):
            pipeline.log(
                cid,
                "follow_up",
                at=now - dt.timedelta(days=extra["followup_days_ago"]),
                channel="email",
            )
        return
    if stage in ("declined", "no_response"):
        if stage == "no_response":
            pipeline.log(cid, "follow_up", at=began + dt.timedelta(days=9), channel="email")
        pipeline.close(
            cid, stage, reason=extra.get("reason"), at=min(now, began + dt.timedelta(days=10))
        )
        return
    meeting_at = (
        _slot_after(now + dt.timedelta(hours=extra["meeting_in_hours"]))
        if stage == "scheduled"
        else _slot_before(began)
    )
    pipeline.move(
        cid,
        "scheduled",
        at=meeting_at - dt.timedelta(days=7) if stage != "scheduled" else began,
        meeting={
            "starts_at": meeting_at,
            "minutes": 20,
            "format": "video" if len(name) % 3 else "phone",
            "place": "https://meet.example.org/" + name.split()[0].lower(),
        },
    )
    meeting = meetings_query.open_meeting(cid)
    assert meeting is not None  # the move to scheduled made it
    questions = [{"text": q, "asked": stage != "scheduled"} for q in QUESTIONS]
    commands.meetings.update_meeting(
        meeting.id,
        questions=json.dumps(questions),
        label="Prepared questions",
        at=min(now, meeting_at - dt.timedelta(days=1)),
    )
    if stage == "scheduled":
        if extra.get("confirmed"):
            pipeline.log(cid, "confirm", at=now - dt.timedelta(hours=2))
        return
    pipeline.move(cid, "met", at=meeting_at + dt.timedelta(minutes=20))
    if name in NOTES:
        commands.meetings.save_notes(meeting.id, NOTES[name])
    if stage == "met":
        return
    pipeline.log(
        cid,
        "thank_you",
        at=began + dt.timedelta(hours=20),
        channel="email",
        note="Thanked for their time and the two names.",
    )
    if stage == "in_touch":
        pipeline.log(
            cid,
            "touch",
            at=began + dt.timedelta(days=1),
            channel="email",
            note="Shared an article on their field.",
        )

"""3B7's "7": no reply 7 business days after the request, follow up once."""

from __future__ import annotations

from iivboard.domain.calendar import ONE_DAY, Calendar, Now
from iivboard.domain.facts import ContactFacts
from iivboard.domain.rules.base import Action, Advice, ContactRule, Due, Line, Quiet, level_of
from iivboard.domain.rules.groups import FOLLOW_UPS
from iivboard.domain.wording import plural

FOLLOW_UP = Action("follow_up", "log the follow-up as sent", "follow up with {name}")


class FollowUp(ContactRule):
    kind = "follow_up"
    group = FOLLOW_UPS
    word = "follow up"
    skip_key = "follow_up"
    stages = frozenset({"requested"})
    counts_business_days = True

    def due(self, contact: ContactFacts, cal: Calendar) -> Due | None:
        if not contact.waiting or contact.followups_sent:
            return None
        at = cal.business_due(contact.asked_at, cal.rules.follow_up_business_days)
        return Due(self.kind, at, at + ONE_DAY)

    def line(self, contact: ContactFacts, due: Due, now: Now) -> Line:
        sent = contact.asked_at
        channel = contact.request_channel.replace("_", " ")
        by = f" by {channel}" if channel else ""
        return Line(
            f"asked {now.date(sent)}{by}, no reply in "
            f"{plural(now.waited(sent), 'business day')}: follow up once",
            level_of(now.now, due),
            FOLLOW_UP,
        )

    def order(self, contact: ContactFacts, due: Due) -> tuple[object, ...]:
        return (due.at, contact.asked_at)

    def triage(self, contact: ContactFacts, due: Due, now: Now, quiet: Quiet | None) -> Advice:
        if now.now >= due.at:
            return Advice("follow up now (f), once", level_of(now.now, due))
        in_days = plural(now.until(now.cal.day(due.at)), "business day")
        if quiet is not None and now.now >= quiet.since:
            if quiet.next_person is not None:
                return Advice(
                    f"reach out to {quiet.next_person.name} at {contact.org}; "
                    f"follow up in {in_days}",
                    "soon",
                )
            return Advice(f"find another person at {contact.org}; follow up in {in_days}", "soon")
        return Advice(f"wait; follow up in {in_days}", "")


RULE = FollowUp()

"""A seeded SSR2 team for the security tests: one caller per role and records at every level.

Action item #N and meeting #N are public (N=1), team-only (N=2) and restricted (N=3); #4 of
each is public and serves as the target of merges and minutes approvals. Each meeting has an
agenda item, a linked material at the meeting's level, and draft minutes. Request RN,
question QN, decision #N and text template TN follow the same numbering; each visibility
also has an event (with one session) and a work-plan milestone. The records name none of the callers, so only
roles decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from secretariat.api.meetings import agenda_etag
from secretariat.api.models import ApiToken
from secretariat.api.services import create_api_token
from secretariat.core.access_table import ACCESS, Who
from secretariat.events.models import Event, Session
from secretariat.events.services import add_session, create_event
from secretariat.meetings.models import AgendaItem, Decision, Material, Meeting, Minutes
from secretariat.meetings.services import add_material, record_decision, save_minutes_draft
from secretariat.notify.mail import reply_address, reply_token, unsubscribe_token
from secretariat.polls.models import Poll
from secretariat.polls.services import Guest, SlotSpec, answer_token, create_poll
from secretariat.requests.models import Question, Request
from secretariat.requests.services import create_question, create_request
from secretariat.teams.models import Person, Role, Team
from secretariat.texts.services import create_template
from secretariat.tracker.models import ActionItem
from secretariat.workplan.models import Milestone
from secretariat.workplan.services import create_milestone
from tests.factories import make_agenda, make_call, make_item, make_member, make_superuser

VISIBILITIES = ("public", "team", "restricted")
NUMBER = {"public": 1, "team": 2, "restricted": 3}
TARGET = 4

# The secret the mail server shares with the site, for POST /inbound/mail/.
INBOUND_SECRET = "ssr2-mta-shared-secret-2017"

ITEM_TEXT = {
    "public": "Circulate the SSR2 work plan with key dates to the review team for input",
    "team": "Draft SSR2 comments on the terms of reference before the Johannesburg meeting",
    "restricted": "Confidential: review the KSK rollover vendor contract under NDA",
}


@dataclass
class World:
    team: Team
    other_team: Team
    users: dict[Who, User | None]
    items: dict[str, ActionItem]
    meetings: dict[str, Meeting]
    agenda_items: dict[str, AgendaItem]
    materials: dict[str, Material]
    people: dict[Who, Person] = field(default_factory=dict)
    requests: dict[str, Request] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    polls: dict[str, Poll] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    milestones: dict[str, Milestone] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    tokens: dict[Who, str] = field(default_factory=dict)

    def token(self, who: Who) -> str:
        """A read-and-write API token of `who` (made once)."""
        if who not in self.tokens:
            user = self.users[who]
            assert user is not None
            self.tokens[who] = create_api_token(
                user=user, name="security matrix", scope=ApiToken.Scope.WRITE
            ).raw
        return self.tokens[who]


def _user(person: Person) -> User:
    assert person.user is not None
    return person.user


def build_world(team: Team, other_team: Team) -> World:
    roles = {
        Who.STAFF: make_member(team, "Jennifer Bryce", Role.STAFF, affiliation="ICANN Org"),
        Who.CHAIR: make_member(team, "Russ Housley", Role.CHAIR),
        Who.MEMBER: make_member(team, "Boban Krsic", Role.MEMBER),
        Who.TECHNICAL_WRITER: make_member(team, "Heather Flanagan", Role.TECHNICAL_WRITER),
        Who.OBSERVER: make_member(team, "Naveed Bin Rais", Role.OBSERVER),
        Who.OTHER_TEAM: make_member(other_team, "Alan Greenberg", Role.MEMBER),
    }
    users: dict[Who, User | None] = {who: _user(person) for who, person in roles.items()}
    users[Who.ANONYMOUS] = None
    users[Who.SUPERUSER] = make_superuser()

    items: dict[str, ActionItem] = {}
    meetings: dict[str, Meeting] = {}
    agenda_items: dict[str, AgendaItem] = {}
    materials: dict[str, Material] = {}
    start = dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC)
    for index, visibility in enumerate(VISIBILITIES):
        reason = "" if visibility == "public" else "Vendor contract negotiations"
        items[visibility] = make_item(
            team, ITEM_TEXT[visibility], visibility=visibility, visibility_reason=reason
        )
        meeting = make_call(
            team,
            NUMBER[visibility],
            f"SSR2 Plenary Call #{NUMBER[visibility]}",
            starts_at=start + dt.timedelta(days=7 * index),
            visibility=visibility,
            visibility_reason=reason,
        )
        meetings[visibility] = meeting
        agenda_items[visibility] = make_agenda(meeting, ["Review of open action items"])[0]
        materials[visibility] = add_material(
            meeting=meeting,
            by=None,
            kind="slides",
            title="Plenary slides",
            url="https://community.icann.org/display/SSR/Plenary+Calls",
            visibility=visibility,
        )
        save_minutes_draft(meeting=meeting, by=None, text="Attendance is on the wiki page.")
    items["target"] = make_item(team, "Share links to relevant articles on threat mitigation")
    meetings["target"] = make_call(
        team, TARGET, "SSR2 Plenary Call #4", starts_at=start + dt.timedelta(days=30)
    )
    world = World(
        team=team,
        other_team=other_team,
        users=users,
        items=items,
        meetings=meetings,
        agenda_items=agenda_items,
        materials=materials,
        people=roles,
    )
    _add_records(world)
    for who, user in users.items():
        if user is not None:
            world.token(who)  # made now, outside the savepoints the tests roll back
    return world


REQUEST_TITLE = {
    "public": "DNS Abuse Study briefing on interim results",
    "team": "Briefing by OCTO on the root zone KSK rollover plans",
    "restricted": "Confidential: ICANN Org incident reports under NDA",
}
QUESTION_TEXT = {
    "public": "How does GSE work specifically with the ccTLD community on SSR?",
    "team": "Which SSR1 recommendations does ICANN Org consider implemented?",
    "restricted": "Confidential: what did the 2016 penetration test find?",
}
EVENT_NAME = {
    "public": "ICANN59 Johannesburg",
    "team": "SSR2 Face-to-face Meeting Brussels",
    "restricted": "Confidential: Briefing at the ICANN Los Angeles office",
}
MILESTONE_TITLE = {
    "public": "Agree the review's scope",
    "team": "Assess SSR1 implementation",
    "restricted": "Confidential: review the vendor contract findings",
}
DECISION_TEXT = {
    "public": "The review team adopts its terms of reference",
    "team": "The review team will meet in Brussels before ICANN59",
    "restricted": "Confidential: the review team accepts the NDA for the contract review",
}


def _add_records(world: World) -> None:
    """Requests, questions, events with a session, milestones and decisions at every level."""
    team = world.team
    for index, visibility in enumerate(VISIBILITIES):
        reason = "" if visibility == "public" else "Vendor contract negotiations"
        number = NUMBER[visibility]
        world.requests[visibility] = create_request(
            team=team,
            by=None,
            kind=Request.Kind.BRIEFING,
            title=REQUEST_TITLE[visibility],
            number=number,
            visibility=visibility,
            visibility_reason=reason,
        )
        world.questions[visibility] = create_question(
            team=team, by=None, text=QUESTION_TEXT[visibility], visibility=visibility
        )
        assert world.questions[visibility].number == number
        event = create_event(
            team=team,
            by=None,
            name=EVENT_NAME[visibility],
            starts_on=dt.date(2017, 6, 26) + dt.timedelta(days=30 * index),
            ends_on=dt.date(2017, 6, 29) + dt.timedelta(days=30 * index),
            time_zone="Africa/Johannesburg",
            visibility=visibility,
        )
        world.events[visibility] = event
        world.polls[visibility] = create_poll(
            team=team,
            by=None,
            title=f"Face-to-face meeting ({visibility})",
            slots=[SlotSpec(day=dt.date(2017, 10, 2) + dt.timedelta(days=index))],
            guests=[Guest(name="Denise Michel", email="denise@example.org")],
            visibility=visibility,
        )
        start = dt.datetime(2017, 6, 26, 9, 0, tzinfo=dt.UTC) + dt.timedelta(days=30 * index)
        world.sessions[visibility] = add_session(
            event=event,
            by=None,
            title="SSR2 Review Team working session",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=90),
        )
        world.milestones[visibility] = create_milestone(
            team=team,
            by=None,
            title=MILESTONE_TITLE[visibility],
            start_on=dt.date(2017, 5, 1),
            end_on=dt.date(2017, 9, 30),
            workstream="SSR1 implementation",
            visibility=visibility,
            visibility_reason=reason,
        )
        world.decisions[visibility] = record_decision(
            team=team,
            by=None,
            text=DECISION_TEXT[visibility],
            source="meeting",
            meeting=world.meetings[visibility],
            number=number,
            visibility=visibility,
            visibility_reason=reason,
        )
        create_template(
            team=team,
            by=None,
            title=f"Statement of work: {MILESTONE_TITLE[visibility]}",
            body="The contractor will support the SSR2 Review Team.",
            number=number,
            visibility=visibility,
            visibility_reason=reason,
        )


# --- URLs and request bodies ----------------------------------------------------------------


def walk_patterns() -> Iterator[tuple[str | None, str, list[str]]]:
    """(qualified name or None, route, parameter names) for every URL pattern of the site."""

    def walk(
        resolver: URLResolver, prefix: str, namespace: str | None, params: list[str]
    ) -> Iterator[tuple[str | None, str, list[str]]]:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            own = params + list(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(entry, route, joined, own)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                yield name, route, own

    yield from walk(get_resolver(), "", None, [])


PATTERNS = list(walk_patterns())
SITE_ENTRIES = sorted(
    (name, method) for name, methods in ACCESS.items() for method in methods if name
)
ADMIN_NAMES = sorted(
    {name for name, _route, _params in PATTERNS if name and name.startswith("admin:")}
)


def params_of(name: str) -> list[str]:
    for pattern_name, _route, params in PATTERNS:
        if pattern_name == name:
            return params
    raise AssertionError(f"{name} is not a URL name")


def names_a_record(name: str) -> bool:
    """True if the URL names one of the team's records (by number, id or an event's slug), so
    the matrix tries it at every visibility, whatever the table's gate says."""
    params = set(params_of(name))
    if params & {"number", "item", "item_id", "event", "session_id", "milestone_id", "poll_id"}:
        return True
    if name.startswith("events:") and "slug" in params:
        return True
    return "pk" in params and name != "api:revoke"


def url_for(name: str, world: World, visibility: str, who: Who, *, wrong_key: bool = False) -> str:
    """The URL `name` filled in with the world's record at `visibility` (and the caller's own
    token, for the token pages; a forged one with `wrong_key`)."""
    values: dict[str, Any] = {}
    for param in params_of(name):
        if param == "slug" and name.startswith("events:"):
            values[param] = world.events[visibility].slug
        elif param in ("team", "slug"):
            values[param] = world.team.slug
        elif param == "number":
            values[param] = NUMBER[visibility]
        elif param in ("item", "item_id"):
            values[param] = world.agenda_items[visibility].pk
        elif param == "event":
            values[param] = world.events[visibility].slug
        elif param == "session_id":
            values[param] = world.sessions[visibility].pk
        elif param == "milestone_id":
            values[param] = world.milestones[visibility].pk
        elif param == "pk" and name == "meetings:material":
            values[param] = world.materials[visibility].pk
        elif param == "pk" and name == "workplan:edit":
            values[param] = world.milestones[visibility].pk
        elif param == "pk" and name in (
            "events:recommend",
            "events:session_edit",
            "events:session_cancel",
        ):
            values[param] = world.sessions[visibility].pk
        elif (param == "pk" and name.startswith("polls:")) or param == "poll_id":
            values[param] = world.polls[visibility].pk
        elif param == "invitee" and name == "polls:resend":
            values[param] = world.polls[visibility].invitees.get().pk
        elif param == "token" and name == "poll_answer":
            invitee = world.polls[visibility].invitees.get()
            values[param] = (
                "forged:Jh2fOqW8x4tC1yVdQ9mZ0kLrE7s" if wrong_key else answer_token(invitee)
            )
        elif param == "token" and name == "notify:unsubscribe":
            person = world.people[Who.MEMBER]
            forged = f"{person.pk}:Jh2fOqW8x4tC1yVdQ9mZ0kLrE7s"
            values[param] = forged if wrong_key else unsubscribe_token(person)
        elif param == "pk" and name == "api:revoke":
            owner = who if world.users[who] is not None else Who.STAFF
            world.token(owner)
            values[param] = world.users[owner].api_tokens.latest("pk").pk  # type: ignore[union-attr]
        elif param == "uidb64":
            values[param] = "MQ"
        elif param == "token":
            values[param] = "bad-token"
        else:
            raise AssertionError(f"no value for <{param}> of {name}")
    return reverse(name, kwargs=values)


HTML_FORMS: dict[str, dict[str, str]] = {
    "login": {"username": "nobody", "password": "not the password"},
    "password_reset": {"email": "nobody@example.org"},
    "api:tokens": {"name": "SSR2 wiki embed", "scope": "read"},
    "tracker:note_add": {"text": "Followed up with ICANN Org on 6/2", "visibility": "public"},
    "meetings:agenda_move": {"op": "down"},
    "decision_create": {"text": "The co-chairs adopt the work plan", "source": "email"},
    "requests:note_add": {"text": "Working with IT for approval", "visibility": "restricted"},
    "events:recommend": {"recommended": "on", "reason": "KSK rollover update by OCTO"},
    "workplan:baseline": {"name": "Work plan as adopted in Johannesburg"},
}


def raw_request(
    name: str, world: World, *, wrong_key: bool = False
) -> tuple[bytes, str, dict[str, str]] | None:
    """(body, content type, headers) of a request that is not a form: the mail server's
    delivery of a reply (by the member, to the public item) with the shared secret."""
    if name != "notify:inbound_mail":
        return None
    person = world.people[Who.MEMBER]
    message = EmailMessage()
    message["From"] = f"{person.name} <{person.email}>"
    message["To"] = reply_address(
        reply_token(item_id=world.items["public"].pk, person_id=person.pk)
    )
    message["Subject"] = "Re: [ssr2] #1 Circulate the SSR2 work plan"
    message["Message-ID"] = "<reply-0606@mail.example.org>"
    message.set_content("Sent the work plan to the list on 6/6.\n")
    secret = "guessed-secret" if wrong_key else INBOUND_SECRET
    return message.as_bytes(), "message/rfc822", {"X-Inbound-Secret": secret}


def api_body(name: str, world: World, visibility: str) -> tuple[dict[str, Any], dict[str, str]]:
    operation = name.split(":", 1)[1]
    version = world.items.get(visibility, world.items["target"]).version
    if_match = {"If-Match": f'"{version}"'}
    bodies: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
        "create_item": ({"text": "Share the SSR2 fact sheet with the community"}, {}),
        "update_item": ({"text": "Circulate the revised work plan"}, if_match),
        "complete_item": ({"completed_response": "Sent to the list on 6/6"}, if_match),
        "merge_item": ({"into": TARGET}, if_match),
        "add_note": ({"text": "Followed up with ICANN Org on 6/2"}, {}),
        "create_meeting": (
            {"title": "SSR2 Plenary Call #5", "starts_at": "2017-07-11T14:00:00Z"},
            {},
        ),
        "add_agenda_item": ({"title": "Update on the ICANN59 sessions"}, {}),
        "move_agenda_item": ({"direction": "up"}, {}),
        "record_attendance": (
            {"attendance": [{"person": world.people[Who.MEMBER].pk, "role": "member"}]},
            {},
        ),
        "add_material": (
            {"kind": "recording", "url": "https://community.icann.org/x/recording"},
            {},
        ),
        "create_decision": (
            {"text": "The review team adopts its work plan", "source": "leadership"},
            {},
        ),
        # requests, questions, events, milestones (If-Match: the world's record's version)
        "create_request": ({"title": "Briefing on abuse reporting tools"}, {}),
        "update_request": (
            {"availability": "Mornings UTC"},
            {"If-Match": f'"{world.requests[visibility].version}"'},
        ),
        "change_request_status": (
            {"status": "in_progress"},
            {"If-Match": f'"{world.requests[visibility].version}"'},
        ),
        "schedule_request": (
            {"meeting": TARGET},
            {"If-Match": f'"{world.requests[visibility].version}"'},
        ),
        "add_request_note": ({"text": "Asked OCTO for a date in June"}, {}),
        "create_question": ({"text": "How many SSR trainings did GSE run in 2016?"}, {}),
        "answer_question": (
            {"answer": "GSE ran twelve regional trainings in 2016."},
            {"If-Match": f'"{world.questions[visibility].version}"'},
        ),
        "publish_answer": (
            {"published": False},
            {"If-Match": f'"{world.questions[visibility].version}"'},
        ),
        "withdraw_question": (
            {"withdrawn": True},
            {"If-Match": f'"{world.questions[visibility].version}"'},
        ),
        "create_event": (
            {"name": "ICANN60 Abu Dhabi", "starts_on": "2017-10-28", "ends_on": "2017-11-03"},
            {},
        ),
        "add_session": (
            {
                "title": "DNSSEC Workshop",
                "starts_at": (
                    world.sessions[visibility].starts_at + dt.timedelta(hours=2)
                ).isoformat(),
                "ends_at": (
                    world.sessions[visibility].starts_at + dt.timedelta(hours=3)
                ).isoformat(),
            },
            {},
        ),
        "recommend_session": (
            {"reason": "KSK rollover update"},
            {"If-Match": f'"{world.sessions[visibility].version}"'},
        ),
        "create_milestone": ({"title": "Draft report published", "end_on": "2017-12-01"}, {}),
        "update_milestone": (
            {"end_on": "2017-10-31"},
            {"If-Match": f'"{world.milestones[visibility].version}"'},
        ),
        "set_milestone_status": (
            {"status": "in_progress"},
            {"If-Match": f'"{world.milestones[visibility].version}"'},
        ),
        "update_question": (
            {"addressed_to": "ICANN org GSE"},
            {"If-Match": f'"{world.questions[visibility].version}"'},
        ),
        "update_event": (
            {"place": "Johannesburg, Sandton Convention Centre"},
            {"If-Match": f'"{world.events[visibility].version}"'},
        ),
        "update_session": (
            {"room": "Ballroom 2"},
            {"If-Match": f'"{world.sessions[visibility].version}"'},
        ),
        "cancel_session": (
            {"reason": "Moved to ICANN60"},
            {"If-Match": f'"{world.sessions[visibility].version}"'},
        ),
        "close_poll": ({}, {"If-Match": f'"{world.polls[visibility].version}"'}),
    }
    if operation in bodies:
        return bodies[operation]
    # Edits that need the current version (read now: the world's objects may be stale).
    meeting = world.meetings[visibility]
    if operation == "update_meeting":
        meeting = Meeting.objects.get(pk=meeting.pk)
        return {"place": "Adobe Connect"}, {"If-Match": f'"{meeting.version}"'}
    if operation == "update_agenda_item":
        agenda_item = AgendaItem.objects.get(pk=world.agenda_items[visibility].pk)
        return {"minutes": 15}, {"If-Match": agenda_etag(agenda_item)}
    if operation == "save_minutes":
        minutes = Minutes.objects.get(meeting=meeting)
        text = "Attendance is on the wiki page. Action items reviewed."
        return {"text": text}, {"If-Match": f'"{minutes.version}"'}
    if operation == "approve_minutes":
        minutes = Minutes.objects.get(meeting=meeting)
        return {"at_meeting": TARGET}, {"If-Match": f'"{minutes.version}"'}
    return {}, {}


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (sessions aside), to show that a refused request changed nothing."""
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    state: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models():
        if model._meta.label == "sessions.Session" or model._meta.db_table not in tables:
            continue
        state[model._meta.label] = list(model._default_manager.order_by("pk").values_list())
    return state

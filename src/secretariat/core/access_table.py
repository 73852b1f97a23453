"""Who may reach what: every URL name (and API operation) and method, and who gets through.

This table is the written statement of the site's access control; tests/security/
test_access_matrix.py walks every URL pattern and every API operation, finds each one here
(a URL without an entry fails the test) and checks the answer for every role and for records
at every visibility. The code that enforces it lives elsewhere (core.visibility,
core.permissions, the views' decorators): this table is what they must add up to.

How one request is judged (`expected`), in order:
0. where the caller's authority is a key in the request (a signed link, a shared secret), a
   wrong key gets the gate's `wrong_key` answer whoever the caller is;
1. an API write by an anonymous caller is refused with 401 (sign in or send a token);
2. if the URL names a team record the caller may not read, the record is hidden: 404, as for
   a record that does not exist (the pages of a numbered action item, meeting, request or
   question instead show a 403 placeholder with the number and the stated reason, by design);
3. a role in `may` gets through (2xx, a redirect that is not to a sign-in page, or a form
   refused for its input);
4. otherwise anonymous callers are sent to sign in (302 to the login page; 401 in the API),
   and signed-in callers are refused (403).

The records in the matrix name none of the callers, so "own" permissions (a member editing
an item they own) are not exercised here; tests/core/test_permission_matrix.py covers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Who(StrEnum):
    """The callers the matrix tries, one per row."""

    ANONYMOUS = "anonymous"
    OBSERVER = "observer"
    MEMBER = "member"
    TECHNICAL_WRITER = "technical_writer"
    CHAIR = "chair"
    STAFF = "staff"
    SUPERUSER = "superuser"
    OTHER_TEAM = "other_team_member"  # a member of another team, signed in


class Outcome(StrEnum):
    OK = "ok"  # through the gate
    SIGN_IN = "sign_in"  # 302 to the login page (HTML) or 401 (API)
    DENIED = "denied"  # 403
    HIDDEN = "hidden"  # 404, as if the record did not exist
    WITHHELD = "withheld"  # 403 with a placeholder naming the number and the reason


EVERYONE = frozenset(Who)
SIGNED_IN = EVERYONE - {Who.ANONYMOUS}
CONTRIBUTORS = frozenset({Who.STAFF, Who.CHAIR, Who.MEMBER, Who.TECHNICAL_WRITER, Who.SUPERUSER})
LEADERSHIP = frozenset({Who.STAFF, Who.CHAIR, Who.SUPERUSER})
SUPERUSERS = frozenset({Who.SUPERUSER})

# Who reads a team record at each visibility, when the record names none of them.
READERS: dict[str, frozenset[Who]] = {
    "public": EVERYONE,
    "team": CONTRIBUTORS,
    "restricted": LEADERSHIP,
}


@dataclass(frozen=True)
class Gate:
    """Who gets through one URL and method.

    `record`: the URL names a team record (an action item, a meeting and what hangs on it),
    so callers who may not read it get `unreadable` instead. `refusal` is what a signed-in
    caller outside `may` gets (the admin sends everyone to its own login page), `anonymous`
    what an anonymous one gets.

    `keyed`: the caller's authority is a key the request carries, not a session (a signed
    token in the address, a secret shared with the mail server in a header); the matrix sends
    the right key and expects the roles above, then a wrong one and expects `wrong_key` for
    everyone, signed in or not.
    """

    may: frozenset[Who]
    record: bool = False
    unreadable: Outcome = Outcome.HIDDEN
    refusal: Outcome = Outcome.DENIED
    anonymous: Outcome = Outcome.SIGN_IN
    keyed: bool = False
    wrong_key: Outcome = Outcome.HIDDEN


READ = Gate(EVERYONE)
READ_RECORD = Gate(EVERYONE, record=True)
SIGNED_IN_ONLY = Gate(SIGNED_IN)
LEAD_TEAM = Gate(LEADERSHIP)  # create in the team
LEAD_RECORD = Gate(LEADERSHIP, record=True)  # change a record: staff and chairs
CONTRIBUTE_RECORD = Gate(CONTRIBUTORS, record=True)  # add to a record (a progress note)
ADMIN = Gate(SUPERUSERS, refusal=Outcome.SIGN_IN)
NOTHING = Gate(frozenset(), refusal=Outcome.HIDDEN, anonymous=Outcome.HIDDEN)
# A signed-in person's own settings: an account that is no person (the site's operator, a
# superuser made with createsuperuser) has none, so it is not found.
PERSONAL = Gate(SIGNED_IN - SUPERUSERS, refusal=Outcome.HIDDEN)
# A signed token in the address (one-click unsubscribe, RFC 8058): whoever holds it may use
# it, session or not; a forged or damaged token is not found.
SIGNED_LINK = Gate(EVERYONE, keyed=True, wrong_key=Outcome.HIDDEN)
# The mail server's delivery of a reply, with the shared secret in X-Inbound-Secret (no
# session, no CSRF token); without the right secret everyone is refused.
SHARED_SECRET = Gate(EVERYONE, keyed=True, wrong_key=Outcome.DENIED)

# Every URL name, and for each the methods it answers and who gets through. A method not
# listed must answer 405 (nothing changes on a GET to a form's target).
ACCESS: dict[str, dict[str, Gate]] = {
    # the site and accounts
    "home": {"GET": READ},
    "search": {"GET": READ},
    "login": {"GET": READ, "POST": READ},
    "logout": {"POST": READ},
    "password_change": {"GET": SIGNED_IN_ONLY, "POST": SIGNED_IN_ONLY},
    "password_change_done": {"GET": SIGNED_IN_ONLY},
    "password_reset": {"GET": READ, "POST": READ},
    "password_reset_done": {"GET": READ},
    "password_reset_confirm": {"GET": READ, "POST": READ},
    "password_reset_complete": {"GET": READ},
    "account": {"GET": SIGNED_IN_ONLY},
    "sign_out_everywhere": {"POST": SIGNED_IN_ONLY},
    # personal API tokens: a token that is not the caller's own is hidden (404)
    "api:tokens": {"GET": SIGNED_IN_ONLY, "POST": SIGNED_IN_ONLY},
    "api:revoke": {"POST": SIGNED_IN_ONLY},
    # the public archive of a team
    "team_home": {"GET": READ},
    "team_feed": {"GET": READ},
    "team_calendar": {"GET": READ},
    "decisions": {"GET": READ},
    "decision_create": {"POST": LEAD_TEAM},
    # action items
    "tracker:list": {"GET": READ},
    "tracker:create": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "tracker:detail": {"GET": Gate(EVERYONE, record=True, unreadable=Outcome.WITHHELD)},
    "tracker:edit": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "tracker:note_add": {"POST": CONTRIBUTE_RECORD},
    "tracker:complete": {"POST": LEAD_RECORD},
    "tracker:merge": {"POST": LEAD_RECORD},
    # imports: staff and chairs only
    "imports:upload": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "imports:apply": {"POST": LEAD_TEAM},
    # meetings
    "meetings:list": {"GET": READ},
    "meetings:create": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "meetings:record": {"GET": READ},
    "meetings:detail": {"GET": Gate(EVERYONE, record=True, unreadable=Outcome.WITHHELD)},
    "meetings:attendance": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "meetings:agenda": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "meetings:agenda_move": {"POST": LEAD_RECORD},
    "meetings:note": {"POST": LEAD_RECORD},
    "meetings:decision_add": {"POST": LEAD_RECORD},
    "meetings:action_add": {"POST": LEAD_RECORD},
    "meetings:material_add": {"POST": LEAD_RECORD},
    "meetings:material": {"GET": READ_RECORD},
    "meetings:minutes": {"GET": READ_RECORD, "POST": LEAD_RECORD},
    "meetings:minutes_approve": {"POST": LEAD_RECORD},
    "meetings:deck": {"GET": READ_RECORD},
    "meetings:agenda_document": {"GET": READ_RECORD},
    "meetings:mail": {"GET": READ_RECORD},
    "meetings:call_report": {"GET": READ_RECORD},
    "meetings:edit": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "meetings:agenda_item": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    # mail about a meeting: staff and chairs send it
    "notify:meeting_invite": {"POST": LEAD_RECORD},
    "notify:meeting_send_actions": {"POST": LEAD_RECORD},
    # notifications of one person, and mail coming back
    "notify:reminders": {"GET": PERSONAL, "POST": PERSONAL},
    "notify:unsubscribe": {"GET": SIGNED_LINK, "POST": SIGNED_LINK},
    "notify:inbound_mail": {"POST": SHARED_SECRET},
    # requests (briefings, tools, documents, data) and the questions the team asks
    "requests:list": {"GET": READ},
    "requests:create": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "requests:briefings": {"GET": READ},
    "requests:briefings_csv": {"GET": READ},
    "requests:briefings_xlsx": {"GET": READ},
    "requests:detail": {"GET": Gate(EVERYONE, record=True, unreadable=Outcome.WITHHELD)},
    "requests:edit": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "requests:status": {"POST": LEAD_RECORD},
    "requests:schedule": {"POST": LEAD_RECORD},
    "requests:note_add": {"POST": CONTRIBUTE_RECORD},
    "questions:list": {"GET": READ},
    "questions:create": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "questions:detail": {"GET": Gate(EVERYONE, record=True, unreadable=Outcome.WITHHELD)},
    "questions:answer": {"POST": LEAD_RECORD},  # answering is staff's work, even for the asker
    "questions:edit": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "questions:publish": {"POST": LEAD_RECORD},
    "questions:unpublish": {"POST": LEAD_RECORD},
    "questions:withdraw": {"POST": LEAD_RECORD},
    "questions:reopen": {"POST": LEAD_RECORD},
    # observer input: anyone who reads the item or meeting may send some; staff and chairs
    # moderate it (publish or reject) in the team's queue
    "feedback:item": {"POST": READ_RECORD},
    "feedback:meeting": {"POST": READ_RECORD},
    "feedback:queue": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    # events and their sessions
    "events:list": {"GET": READ},
    "events:create": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "events:detail": {"GET": READ_RECORD},
    "events:calendar": {"GET": READ_RECORD},
    "events:attend": {"POST": CONTRIBUTE_RECORD},
    "events:session_add": {"POST": LEAD_RECORD},
    "events:recommend": {"POST": LEAD_RECORD},
    "events:edit": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "events:session_edit": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "events:session_cancel": {"POST": LEAD_RECORD},
    # availability polls (team-only by default); invitees answer through a signed link
    "polls:list": {"GET": READ},
    "polls:create": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "polls:detail": {"GET": READ_RECORD},
    "polls:schedule": {"POST": LEAD_RECORD},
    "polls:close": {"POST": LEAD_RECORD},
    "polls:closing": {"POST": LEAD_RECORD},
    "polls:invite": {"POST": LEAD_RECORD},
    "polls:resend": {"POST": LEAD_RECORD},
    "poll_answer": {"GET": SIGNED_LINK, "POST": SIGNED_LINK},
    # text templates (statements of work, letters, mails): staff and chairs write them
    "texts:list": {"GET": READ},
    "texts:create": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "texts:detail": {"GET": READ_RECORD},
    "texts:plain": {"GET": READ_RECORD},
    "texts:diff": {"GET": READ_RECORD},
    "texts:edit": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    # the work plan: its milestones change only by staff and chairs; progress pictures are public
    "workplan:page": {"GET": READ},
    "workplan:create": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "workplan:edit": {"GET": LEAD_RECORD, "POST": LEAD_RECORD},
    "workplan:baseline": {"POST": LEAD_TEAM},
    "workplan:report": {"GET": LEAD_TEAM, "POST": LEAD_TEAM},
    "progress": {"GET": READ},
    # the API (names are the operations' view names); anonymous writes are 401 before anything
    "api-v1:api-root": {"GET": NOTHING},  # the bare prefix: 404 to everyone
    "api-v1:openapi-json": {"GET": READ},
    "api-v1:openapi-view": {"GET": READ},
    "api-v1:list_teams": {"GET": READ},
    "api-v1:get_team": {"GET": READ},
    "api-v1:list_people": {"GET": READ},
    "api-v1:list_groups": {"GET": READ},
    "api-v1:list_memberships": {"GET": READ},
    "api-v1:list_items": {"GET": READ},
    "api-v1:create_item": {"POST": LEAD_TEAM},
    "api-v1:get_item": {"GET": READ_RECORD},
    "api-v1:update_item": {"PATCH": LEAD_RECORD},
    "api-v1:complete_item": {"POST": LEAD_RECORD},
    "api-v1:merge_item": {"POST": LEAD_RECORD},
    "api-v1:list_notes": {"GET": READ_RECORD},
    "api-v1:add_note": {"POST": CONTRIBUTE_RECORD},
    "api-v1:list_history": {"GET": READ_RECORD},
    # the API: meetings, their agenda, attendance, materials and minutes; decisions; export
    "api-v1:list_meetings": {"GET": READ},
    "api-v1:create_meeting": {"POST": LEAD_TEAM},
    "api-v1:get_meeting": {"GET": READ_RECORD},
    "api-v1:update_meeting": {"PATCH": LEAD_RECORD},
    "api-v1:get_agenda": {"GET": READ_RECORD},
    "api-v1:add_agenda_item": {"POST": LEAD_RECORD},
    "api-v1:update_agenda_item": {"PATCH": LEAD_RECORD},
    "api-v1:remove_agenda_item": {"DELETE": LEAD_RECORD},
    "api-v1:move_agenda_item": {"POST": LEAD_RECORD},
    "api-v1:get_attendance": {"GET": READ_RECORD},
    "api-v1:record_attendance": {"POST": LEAD_RECORD},
    "api-v1:list_materials": {"GET": READ_RECORD},
    "api-v1:add_material": {"POST": LEAD_RECORD},
    "api-v1:get_minutes": {"GET": READ_RECORD},
    "api-v1:save_minutes": {"PUT": LEAD_RECORD},
    "api-v1:approve_minutes": {"POST": LEAD_RECORD},
    "api-v1:meeting_decisions": {"GET": READ_RECORD},
    "api-v1:list_decisions": {"GET": READ},
    "api-v1:create_decision": {"POST": LEAD_TEAM},
    "api-v1:get_decision": {"GET": READ_RECORD},
    "api-v1:export_team": {"GET": READ},  # everything the caller may read, nothing more
    # OpenID Connect sign-in: open to all; when not configured both send the caller back to the
    # login page (with no ?next=), and the callback refuses anything it did not start itself.
    "oidc_login": {"GET": READ},
    "oidc_callback": {"GET": READ},
    # The team's audit log (core.auditlog): its staff and superusers only, not chairs.
    "audit_log": {"GET": Gate(frozenset({Who.STAFF, Who.SUPERUSER}))},
    # the API: requests, questions, events, milestones
    "api-v1:list_requests": {"GET": READ},
    "api-v1:create_request": {"POST": LEAD_TEAM},
    "api-v1:get_request": {"GET": READ_RECORD},
    "api-v1:update_request": {"PATCH": LEAD_RECORD},
    "api-v1:change_request_status": {"POST": LEAD_RECORD},
    "api-v1:schedule_request": {"POST": LEAD_RECORD},
    "api-v1:list_request_notes": {"GET": READ_RECORD},
    "api-v1:add_request_note": {"POST": CONTRIBUTE_RECORD},
    "api-v1:list_request_history": {"GET": READ_RECORD},
    "api-v1:list_questions": {"GET": READ},
    "api-v1:create_question": {"POST": LEAD_TEAM},
    "api-v1:get_question": {"GET": READ_RECORD},
    "api-v1:answer_question": {"POST": LEAD_RECORD},  # staff's work, even for the asker
    "api-v1:publish_answer": {"POST": LEAD_RECORD},
    "api-v1:withdraw_question": {"POST": LEAD_RECORD},  # and the asker, not in the matrix' world
    "api-v1:list_events": {"GET": READ},
    "api-v1:create_event": {"POST": LEAD_TEAM},
    "api-v1:get_event": {"GET": READ_RECORD},
    "api-v1:list_sessions": {"GET": READ_RECORD},
    "api-v1:add_session": {"POST": LEAD_RECORD},
    "api-v1:get_session": {"GET": READ_RECORD},
    "api-v1:recommend_session": {"POST": LEAD_RECORD},
    "api-v1:list_recommended_sessions": {"GET": READ},
    "api-v1:list_milestones": {"GET": READ},
    "api-v1:create_milestone": {"POST": LEAD_TEAM},
    "api-v1:get_milestone": {"GET": READ_RECORD},
    "api-v1:update_milestone": {"PATCH": LEAD_RECORD},
    "api-v1:set_milestone_status": {"POST": LEAD_RECORD},
    # the API: edits and history of questions, events and sessions
    "api-v1:update_question": {"PATCH": LEAD_RECORD},
    "api-v1:list_question_history": {"GET": READ_RECORD},
    "api-v1:update_event": {"PATCH": LEAD_RECORD},
    "api-v1:list_event_history": {"GET": READ_RECORD},
    "api-v1:update_session": {"PATCH": LEAD_RECORD},
    "api-v1:list_session_history": {"GET": READ_RECORD},
    "api-v1:cancel_session": {"POST": LEAD_RECORD},
    "api-v1:list_milestone_history": {"GET": READ_RECORD},
    # the API: availability polls (read, and close one early); never the invitees' links
    "api-v1:list_polls": {"GET": READ},
    "api-v1:get_poll": {"GET": READ_RECORD},
    "api-v1:close_poll": {"POST": LEAD_RECORD},
}

# The Django admin: every one of its URLs, present and future, is for superusers only; everyone
# else is sent to the admin's own login page.
ADMIN_NAMESPACE = "admin"
ADMIN_ACCESS: dict[str, Gate] = {"GET": ADMIN}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def gates_for(name: str) -> dict[str, Gate] | None:
    """The methods and gates of a URL name, or None if the table does not know it."""
    if name.split(":", 1)[0] == ADMIN_NAMESPACE:
        return ADMIN_ACCESS
    return ACCESS.get(name)


def expected(
    gate: Gate, who: Who, *, visibility: str, api: bool, method: str, wrong_key: bool = False
) -> Outcome:
    """What `who` must get from one URL and method, for a record at `visibility` (with a
    wrong key, for a keyed gate)."""
    if gate.keyed and wrong_key:
        return gate.wrong_key
    if api and who is Who.ANONYMOUS and method not in SAFE_METHODS:
        return Outcome.SIGN_IN
    if gate.record and who not in READERS[visibility]:
        return gate.unreadable
    if who in gate.may:
        return Outcome.OK
    if who is Who.ANONYMOUS:
        return gate.anonymous
    return gate.refusal

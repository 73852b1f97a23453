"""Every address of the site is either public on purpose or closed to anonymous visitors.

The census walks Django's resolver and asks each URL pattern, as an anonymous visitor, with
public records filled in. A pattern answers either
- as one of PUBLIC below (an explicit list: 200, the 403 placeholder of a withheld record, 404,
  or the statuses given), or
- 302 to the sign-in page (pages) / 401 (API): it is for people with an account.
A GET that is not allowed (405) is asked again with POST, which must be refused the same way.
A new pattern that answers anything else fails until it is added here, deliberately.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.test import Client

from secretariat.meetings.services import add_material, record_decision, save_minutes_draft
from secretariat.teams.models import Person, Team
from secretariat.texts.services import create_template
from tests.archive.crawl import Pattern, fill, url_patterns
from tests.archive.seed import Seeded, seed_public_extra
from tests.factories import make_agenda, make_call, make_item

pytestmark = pytest.mark.django_db

OK = frozenset({200})
RECORD = frozenset({200, 403, 404})  # a record's page: shown, withheld (placeholder) or unknown
# route (as the resolver spells it) -> statuses an anonymous visitor may get
PUBLIC: dict[str, frozenset[int]] = {
    "/": OK,
    "/search/": OK,
    # Signing in and out, resetting a password.
    "/admin/login/": OK,
    "/admin/logout/": frozenset({302}),
    "/accounts/login/": OK,
    "/accounts/logout/": frozenset({302}),
    "/accounts/reset/": OK,
    "/accounts/reset/sent/": OK,
    "/accounts/reset/done/": OK,
    # Links in mails carry their own credential; the inbound-mail hook checks its secret.
    "/notify/unsubscribe/<str:token>/": frozenset({200, 404}),
    "/inbound/mail/": frozenset({403}),
    # The API reads public records without a token (writes answer 401).
    "/api/v1/": frozenset({404}),
    "/api/v1/openapi.json": OK,
    "/api/v1/docs": OK,
    "/api/v1/teams": OK,
    "/api/v1/teams/<slug>": OK,
    "/api/v1/teams/<slug>/people": OK,
    "/api/v1/teams/<slug>/groups": OK,
    "/api/v1/teams/<slug>/memberships": OK,
    "/api/v1/teams/<slug>/export": OK,
    "/api/v1/teams/<slug>/actions": OK,
    "/api/v1/teams/<slug>/actions/<number>": OK,
    "/api/v1/teams/<slug>/actions/<number>/notes": OK,
    "/api/v1/teams/<slug>/actions/<number>/history": OK,
    "/api/v1/teams/<slug>/meetings": OK,
    "/api/v1/teams/<slug>/meetings/<number>": OK,
    "/api/v1/teams/<slug>/meetings/<number>/agenda": OK,
    "/api/v1/teams/<slug>/meetings/<number>/attendance": OK,
    "/api/v1/teams/<slug>/meetings/<number>/materials": OK,
    "/api/v1/teams/<slug>/meetings/<number>/minutes": OK,
    "/api/v1/teams/<slug>/meetings/<number>/decisions": OK,
    "/api/v1/teams/<slug>/decisions": OK,
    "/api/v1/teams/<slug>/decisions/<number>": OK,
    "/api/v1/teams/<slug>/requests": OK,
    "/api/v1/teams/<slug>/requests/<number>": RECORD,
    "/api/v1/teams/<slug>/requests/<number>/notes": RECORD,
    "/api/v1/teams/<slug>/requests/<number>/history": RECORD,
    "/api/v1/teams/<slug>/questions": OK,
    "/api/v1/teams/<slug>/questions/<number>": RECORD,
    "/api/v1/teams/<slug>/questions/<number>/history": RECORD,
    "/api/v1/teams/<slug>/events": OK,
    "/api/v1/teams/<slug>/events/<event>": RECORD,
    "/api/v1/teams/<slug>/events/<event>/history": RECORD,
    "/api/v1/teams/<slug>/events/<event>/sessions": RECORD,
    "/api/v1/teams/<slug>/events/<event>/sessions/<session_id>": RECORD,
    "/api/v1/teams/<slug>/events/<event>/sessions/<session_id>/history": RECORD,
    "/api/v1/teams/<slug>/sessions/recommended": OK,
    "/api/v1/teams/<slug>/milestones": OK,
    "/api/v1/teams/<slug>/polls": OK,
    "/api/v1/teams/<slug>/polls/<poll_id>": RECORD,
    "/api/v1/teams/<slug>/milestones/<milestone_id>": RECORD,
    "/api/v1/teams/<slug>/milestones/<milestone_id>/history": RECORD,
    # The public archive (DESIGN.md, "Contracts").
    # Known exception, reported: these API writes validate the body before asking who calls,
    # so an anonymous write with a bad body gets 422 (it changes nothing) rather than 401.
    "/api/v1/teams/<slug>/actions/<number>/complete": frozenset({401, 422}),
    "/api/v1/teams/<slug>/actions/<number>/merge": frozenset({401, 422}),
    "/api/v1/teams/<slug>/meetings/<number>/minutes/approve": frozenset({401, 422}),
    "/api/v1/teams/<slug>/requests/<number>/status": frozenset({401, 422}),
    "/api/v1/teams/<slug>/requests/<number>/schedule": frozenset({401, 422}),
    "/api/v1/teams/<slug>/questions/<number>/answer": frozenset({401, 422}),
    "/api/v1/teams/<slug>/milestones/<milestone_id>/status": frozenset({401, 422}),
    "/<slug:team>/": OK,
    "/<slug:team>/feed.atom": OK,
    "/<slug:team>/calendar.ics": OK,
    "/<slug:team>/actions/": OK,
    "/<slug:team>/actions/<int:number>/": RECORD,
    "/<slug:team>/meetings/": OK,
    "/<slug:team>/meetings/attendance/": OK,
    "/<slug:team>/meetings/<int:number>/": RECORD,
    "/<slug:team>/meetings/<int:number>/materials/<int:pk>/": frozenset({200, 302, 404}),
    "/<slug:team>/meetings/<int:number>/minutes/": RECORD,
    "/<slug:team>/meetings/<int:number>/deck/": RECORD,
    "/<slug:team>/meetings/<int:number>/agenda-document/": RECORD,
    "/<slug:team>/meetings/<int:number>/mail/": RECORD,
    "/<slug:team>/meetings/<int:number>/call-report/": RECORD,
    "/<slug:team>/decisions/": OK,
    "/<slug:team>/requests/": OK,
    "/<slug:team>/requests/briefings/": OK,
    "/<slug:team>/requests/briefings.csv": OK,
    "/<slug:team>/requests/briefings.xlsx": OK,
    "/<slug:team>/requests/<int:number>/": RECORD,
    "/<slug:team>/questions/": OK,
    "/<slug:team>/questions/<int:number>/": RECORD,
    # Observer input: anyone who reads the record may send some (an empty form: 400).
    "/<slug:team>/input/actions/<int:number>/": frozenset({400, 404}),
    "/<slug:team>/input/meetings/<int:number>/": frozenset({400, 404}),
    "/<slug:team>/events/": OK,
    "/<slug:team>/events/<slug:slug>/": RECORD,
    "/<slug:team>/events/<slug:slug>/recommended.ics": RECORD,
    # Availability polls: a personal answer link (a bad token is not found); scheduling a
    # poll's meeting sends a visitor to sign in, or finds no poll it may read.
    "/polls/answer/<str:token>/": frozenset({200, 404}),
    "/<slug:team>/polls/": OK,
    "/<slug:team>/polls/<int:pk>/": RECORD,
    "/<slug:team>/polls/<int:pk>/schedule/": frozenset({302, 404}),
    "/<slug:team>/polls/<int:pk>/close/": frozenset({302, 404}),
    "/<slug:team>/polls/<int:pk>/closing/": frozenset({302, 404}),
    "/<slug:team>/polls/<int:pk>/invite/": frozenset({302, 404}),
    "/<slug:team>/polls/<int:pk>/invitees/<int:invitee>/resend/": frozenset({302, 404}),
    "/<slug:team>/texts/": OK,
    "/<slug:team>/texts/<int:number>/": RECORD,
    "/<slug:team>/texts/<int:number>/plain/": RECORD,
    "/<slug:team>/texts/<int:number>/diff/": RECORD,
    "/<slug:team>/workplan/": OK,
    "/<slug:team>/progress/": OK,
}


@pytest.fixture
def values(team: Team, staff: Person, settings: object) -> dict[str, list[str]]:
    settings.API_RATE_LIMIT_ANONYMOUS = 100_000  # type: ignore[attr-defined]
    meeting = make_call(team, 111, starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC))
    agenda = make_agenda(meeting, ["Welcome, roll call"])
    material = add_material(
        meeting=meeting, by=None, kind="recording", url="https://example.org/rec/111"
    )
    save_minutes_draft(meeting=meeting, by=None, text="Roll call taken; work plan adopted.")
    make_item(team, "Share links to relevant articles.", source_meeting=meeting)
    record_decision(team=team, by=None, text="Adopt the work plan.", meeting=meeting)
    extra = Seeded(team=team)
    seed_public_extra(extra, staff=staff, meeting=meeting)
    create_template(
        team=team,
        by=None,
        title="Statement of work: specialist technical writer",
        body="The contractor will assist the SSR2 Review Team in drafting its final report.",
    )

    def first_number(label: str) -> str:
        if not apps.is_installed(f"secretariat.{label.split('.')[0]}"):
            return "1"
        record = apps.get_model(label).objects.filter(team=team).order_by("number").first()
        return str(record.number) if record else "1"

    def first_pk(label: str) -> str:
        record = apps.get_model(label).objects.filter(team=team).order_by("pk").first()
        return str(record.pk) if record else "1"

    return {
        "team": [team.slug],
        "slug": [team.slug],
        "number": ["1"],
        "request_number": [first_number("requests.Request")],
        "question_number": [first_number("requests.Question")],
        "item": [str(agenda[0].pk)],
        "item_id": [str(agenda[0].pk)],
        "pk": [str(material.pk)],
        "event_slug": sorted(extra.slugs)[:1] or [team.slug],
        "extra_pk": [str(min(extra.pks, default=1))],
        "milestone_pk": [first_pk("workplan.Milestone")],
        "*": ["1"],
    }


def _url(pattern: Pattern, values: dict[str, list[str]]) -> str:
    local = dict(values)
    if "/meetings/" in pattern.route:
        local["number"] = ["111"]
    if pattern.route.startswith("/<slug:team>/requests/"):
        local["number"] = values["request_number"]
    if pattern.route.startswith("/<slug:team>/questions/"):
        local["number"] = values["question_number"]
    if pattern.route.startswith("/<slug:team>/events/"):
        local["slug"] = values["event_slug"]
    if pattern.route.startswith("/<slug:team>/events/"):
        local["pk"] = values["extra_pk"]
    if pattern.route.startswith("/<slug:team>/workplan/"):
        local["pk"] = values["milestone_pk"]
    return next(fill(pattern, local))


def _closed(response: object) -> bool:
    status = response.status_code  # type: ignore[attr-defined]
    location = response.get("Location", "") if status in (301, 302) else ""  # type: ignore[attr-defined]
    return status == 401 or (status == 302 and "login" in location)


def _write(client: Client, method: str, url: str) -> object:
    """A write as it would be sent (JSON for the API); it must be refused all the same."""
    if url.startswith("/api/"):
        return getattr(client, method)(url, data="{}", content_type="application/json")
    return getattr(client, method)(url)


def test_every_url_pattern_is_public_on_purpose_or_closed(values: dict[str, list[str]]) -> None:
    client = Client()
    unexpected = []
    for pattern in url_patterns():
        if "uidb64" in pattern.route:
            continue  # the password-reset link: answers only with a valid token
        url = _url(pattern, values)
        response = client.get(url)
        for method in ("post", "patch", "put", "delete"):
            if response.status_code != 405:
                break
            response = _write(client, method, url)
        if pattern.route in PUBLIC:
            if response.status_code not in PUBLIC[pattern.route]:
                unexpected.append(f"{pattern.route} {url}: {response.status_code} (listed)")
        elif not _closed(response):
            unexpected.append(
                f"{pattern.route} {url}: {response.status_code} {response.get('Location', '')}"
            )
    assert unexpected == [], "\n".join(unexpected)


def test_every_public_entry_still_names_a_pattern() -> None:
    routes = {p.route for p in url_patterns()}
    assert set(PUBLIC) - routes == set()

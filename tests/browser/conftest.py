"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

They run only when named (`pytest tests/browser`, which `make test-browser` does), never as part
of `make test`: a real browser is slow, and needs Chromium from the system. Playwright never
downloads a browser here; the system's is launched by its path.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AXE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CANARY = "CANARY-restricted-7f3a"
TEAM_CANARY = "CANARY-team-only-52c1"
NOTE_CANARY = "CANARY-restricted-note-9b0e"
EMPTY_STYLE_HASH = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Collect this folder only when the command line names it (or a file in it)."""
    named = [Path(arg.split("::", 1)[0]).resolve() for arg in config.invocation_params.args]
    wanted = any(p == HERE or HERE in p.parents for p in named if p.exists())
    return None if wanted else True


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail(
            "Chromium is not installed: apt-get install -y chromium (make test-browser does)"
        )
    return found


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in the test's thread; the tests still use the
    ORM synchronously there (fixtures, assertions), which Django allows only when told."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "UTC"}


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def check_accessibility(page: Any, axe_source: str) -> list[str]:
    """axe-core on the page as it is: the serious and critical violations, one line each.

    The script is evaluated through the DevTools protocol, so the site's strict CSP (no inline
    script) stays as it is for everything else the page does.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {axe_source}\n; return true; }}")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(f"() => {{ window.eval({axe_source!r}); return true; }}")
    violations = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [
        f"{page.url}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(v['targets'])}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ignore = SCREENSHOTS.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


class Visit:
    """Opens pages, checks each one's accessibility (with JavaScript on), takes screenshots,
    and records console errors such as Content Security Policy refusals."""

    def __init__(self, page: Any, base_url: str, axe_source: str, *, axe: bool = True) -> None:
        self.page = page
        self.base_url = base_url
        self.axe_source = axe_source
        self.axe = axe
        self.problems: list[str] = []
        self.console_errors: list[str] = []
        page.set_default_timeout(10_000)
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(f"{page.url}: {message.text}")
                if message.type == "error"
                else None
            ),
        )

    def open(self, path: str, *, shot: str = "") -> Any:
        response = self.page.goto(self.base_url + path)
        assert response is not None
        assert response.status == 200, f"{path} answered {response.status}"
        self.check(shot)
        return response

    def check(self, shot: str = "") -> None:
        if self.axe:
            self.problems.extend(check_accessibility(self.page, self.axe_source))
        if shot:
            screenshot(self.page, shot)

    def assert_clean(self) -> None:
        assert not self.problems, "accessibility violations:\n" + "\n".join(self.problems)
        # htmx applies an empty inline style while it swaps content in; the browser refuses it
        # (the hash named is the empty string's) and nothing is lost. Any other refusal is a bug.
        csp = [
            e
            for e in self.console_errors
            if "Content Security Policy" in e and EMPTY_STYLE_HASH not in e
        ]
        assert not csp, "CSP refusals:\n" + "\n".join(csp)


@dataclass
class Record:
    """The team's record the scenarios use (created through the services, as the app would)."""

    team: Any
    staff: Any
    member: Any
    meeting: Any
    public_item: Any
    member_item: Any
    restricted_item: Any
    team_item: Any
    poll_answer_path: str


@pytest.fixture
def record(transactional_db: None) -> Record:
    from secretariat.core.models import Visibility
    from secretariat.meetings.services import add_agenda_item, record_decision
    from secretariat.teams.models import Role
    from secretariat.tracker.services import add_progress_note
    from tests.factories import make_call, make_group, make_item, make_member, make_team

    team = make_team()
    staff = make_member(team, "Jennifer Bryce", Role.STAFF, affiliation="ICANN Org")
    chair = make_member(team, "Russ Housley", Role.CHAIR, time_zone="America/New_York")
    member = make_member(team, "Boban Krsic", Role.MEMBER, time_zone="Europe/Berlin")
    make_member(team, "Kerry-Ann Barrett", Role.MEMBER, initials="KAB")
    make_group(team, "Co-Chairs", [chair])
    make_group(team, "ICANN Org", [staff])
    meeting = make_call(
        team,
        110,
        "SSR2 Plenary Call",
        starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC),
    )
    for title, standing in (
        ("Welcome, roll call, SOI updates", True),
        ("Briefing on the root KSK rollover", False),
        ("AOB", True),
    ):
        add_agenda_item(meeting=meeting, by=None, title=title, standing=standing)
    record_decision(
        team=team,
        by=None,
        meeting=meeting,
        text="The review team adopted its terms of reference.",
        decided_on=dt.date(2017, 6, 6),
    )
    public_item = make_item(
        team,
        "Circulate the draft terms of reference to the review team for input.",
        owners=[staff],
        source_meeting=meeting,
    )
    add_progress_note(item=public_item, by=None, text="Sent to the list on 6/7.")
    add_progress_note(
        item=public_item,
        by=None,
        text=f"{NOTE_CANARY} legal advice",
        visibility=Visibility.RESTRICTED,
    )
    member_item = make_item(
        team, "Review the SSR1 implementation report and list the gaps.", owners=[member]
    )
    restricted_item = make_item(
        team,
        f"{CANARY}: follow up with the person who reported the incident.",
        owners=[staff],
        visibility=Visibility.RESTRICTED,
        visibility_reason="Names a person who asked not to be named.",
    )
    team_item = make_item(
        team, f"{TEAM_CANARY}: draft the team's internal note.", visibility=Visibility.TEAM
    )
    poll_answer_path = _requests_events_and_polls(team, staff, member, meeting, public_item)
    return Record(
        team=team,
        staff=staff,
        member=member,
        meeting=meeting,
        public_item=public_item,
        member_item=member_item,
        restricted_item=restricted_item,
        team_item=team_item,
        poll_answer_path=poll_answer_path,
    )


def _requests_events_and_polls(team: Any, staff: Any, member: Any, meeting: Any, item: Any) -> str:
    """A briefing request, a question with its published answer, an event with a recommended
    and a cancelled session, and an availability poll; returns the member's poll link."""
    from secretariat.events.services import (
        add_session,
        cancel_session,
        create_event,
        recommend_session,
    )
    from secretariat.polls.services import answer_token, create_poll, parse_slots
    from secretariat.requests.services import answer_question, create_question, create_request

    create_request(
        team=team,
        by=None,
        kind="briefing",
        title="DNS Abuse Study: briefing on the interim results",
        addressed_to="OCTO",
        availability="Any Tuesday in June, 14:00 UTC",
    )
    question = create_question(
        team=team,
        by=None,
        text="What is the relationship between this engagement and the IANA functions?",
        asked_by=member,
        asked_at=meeting,
        action_item=item,
    )
    answer_question(
        question=question,
        by=None,
        expected_version=question.version,
        answer="GSE supports the outreach; the IANA functions are run by PTI.",
        answered_by=staff,
        answered_on=dt.date(2017, 6, 20),
        published=True,
    )
    event = create_event(
        team=team,
        by=None,
        name="ICANN59 Johannesburg",
        place="Sandton Convention Centre, Johannesburg",
        starts_on=dt.date(2017, 6, 26),
        ends_on=dt.date(2017, 6, 29),
        time_zone="Africa/Johannesburg",
    )
    johannesburg = ZoneInfo("Africa/Johannesburg")
    forum = add_session(
        event=event,
        by=None,
        title="DNS Abuse Reporting",
        starts_at=dt.datetime(2017, 6, 27, 9, 0, tzinfo=johannesburg),
        ends_at=dt.datetime(2017, 6, 27, 10, 30, tzinfo=johannesburg),
        room="Ballroom 2",
    )
    recommend_session(session=forum, by=None, reason="The DNS Abuse Study's authors present.")
    dropped = add_session(
        event=event,
        by=None,
        title="SSR2 face-to-face (moved to Madrid)",
        starts_at=dt.datetime(2017, 6, 28, 9, 0, tzinfo=johannesburg),
        ends_at=dt.datetime(2017, 6, 28, 17, 0, tzinfo=johannesburg),
    )
    cancel_session(
        session=dropped, by=None, expected_version=dropped.version, reason="Moved to Madrid."
    )
    poll = create_poll(
        team=team,
        by=None,
        title="SSR2 face-to-face meeting in Madrid",
        slots=parse_slots("2017-10-02\n2017-10-03", time_zone="Europe/Madrid"),
        people=[member, staff],
        time_zone="Europe/Madrid",
        send_links=False,
    )
    invitee = poll.invitees.get(person=member)
    return f"/polls/answer/{answer_token(invitee)}/"


def sign_in(page: Any, base_url: str, username: str) -> None:
    from tests.factories import PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "the sign-in failed"


@pytest.fixture
def visit(page: Any, live_server: Any, axe_source: str) -> Visit:
    return Visit(page, live_server.url, axe_source)

"""The benchmark's data set: five review teams with their people, groups, meetings (with
agendas and attendance), decisions and action items (with owners, progress notes and history).

It is a fixture, so it writes with bulk_create rather than through the services (10,000 items
through the services would take minutes); what the services would keep consistent is kept
here too: per-team numbers with their TeamCounter rows, a creation entry in the history for
every item and decision, a reason on every restricted item. Random, but seeded: two runs make
the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from secretariat.api.models import ApiToken
from secretariat.api.services import create_api_token
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.meetings.models import AgendaItem, Attendance, Decision, Meeting
from secretariat.teams.models import Group, Membership, Person, Role, Team, TeamCounter
from secretariat.tracker.models import ActionItem, ActionItemOwner, ProgressNote

TEAMS = [
    ("ssr2", "SSR2 Review Team"),
    ("rds-whois2", "RDS-WHOIS2 Review Team"),
    ("atrt3", "ATRT3 Review Team"),
    ("cct", "CCT Review Team"),
    ("ssr3", "SSR3 Review Team"),
]
# The first team holds 40% of the items (the scenarios read it); the others 15% each.
SHARES = [0.40, 0.15, 0.15, 0.15, 0.15]
MAIN_TEAM = "ssr2"
BENCH_USER = "bench.staff"

FIRST = ["Alain", "Boban", "Cheryl", "Denise", "Eric", "Fiona", "Gao", "Heather", "Ivan", "James",
         "Kerry-Ann", "Laurin", "Matogoro", "Naveed", "Olivier", "Pat", "Rao", "Russ", "Sarah",
         "Taylor", "Ugo", "Vanda", "Wei", "Xavier", "Yvette", "Zarko", "Jennifer", "Steve"]  # fmt: skip
LAST = ["Aldibot", "Krsic", "Langdon-Orr", "Michel", "Osterweil", "Sullivan", "Tao", "Flanagan",
        "Gannon", "Barrett", "Weinberg", "Bin Rais", "Crepin-Leblond", "Kane", "Housley", "Bryce",
        "Conrad", "Scartezini", "Matsubara", "Bachollet", "Frank", "Hill"]  # fmt: skip
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Karachi",
         "Africa/Johannesburg", "Asia/Tokyo", "Europe/Brussels", "America/Sao_Paulo"]  # fmt: skip
GROUPS = ["ICANN Org", "Co-Chairs", "Review Team", "Staff", "Leadership"]
CATEGORIES = ["General", "Workplan", "Outreach", "Briefings", "Travel", "Report drafting"]
TOPICS = ["SSR1 implementation", "Key stability issues", "ICANN security", "Future challenges",
          "DNS abuse", "Root zone management", ""]  # fmt: skip
VERBS = ["Draft", "Circulate", "Review", "Send", "Schedule", "Follow up on", "Prepare",
         "Confirm", "Collect input on", "Update"]  # fmt: skip
OBJECTS = [
    "the terms of reference for the review",
    "the work plan with key dates",
    "the briefing request on the root KSK rollover",
    "questions to ICANN Org on the SSR1 recommendations",
    "the agenda of the face-to-face meeting in Johannesburg",
    "the draft report's section on DNS abuse",
    "the list of documents needed from the Security team",
    "the travel support requests for ICANN60",
    "the call for volunteers for the sub-team",
    "the timeline for public comment",
    "the survey of community input",
    "the outreach plan for the ccNSO and GNSO",
]
DETAILS = [
    "Circulate to the RT for input before the next plenary.",
    "Staff to confirm availability of the presenters.",
    "Due before the leadership call; see the notes of the last meeting.",
    "Include the **open questions** from the briefing and the answers received so far.",
    "Use the template agreed at the face-to-face meeting.",
    "",
]
NOTES = [
    "Followed up with ICANN Org; answer expected next week.",
    "Draft circulated to the list.",
    "Discussed at the plenary; two comments to address.",
    "Waiting for input from the sub-team rapporteur.",
    "Sent to the co-chairs for approval.",
    "Presenter confirmed.",
]
AGENDA = [
    "Welcome, roll call, SOI updates",
    "Review of action items",
    "Sub-team updates",
    "Briefing: {topic}",
    "Work plan and timeline",
    "Decisions reached and action items",
    "AOB",
]


@dataclass
class TeamData:
    team: Team
    people: list[Person]
    groups: list[Group]
    meetings: list[Meeting]
    item_number: int = 0
    decision_number: int = 0


@dataclass
class DataSet:
    teams: list[TeamData] = field(default_factory=list)
    token: str = ""
    items: int = 0

    @property
    def main(self) -> TeamData:
        return self.teams[0]


def _day(rng: random.Random, start: dt.date, span_days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span_days))


def _text(rng: random.Random) -> str:
    detail = rng.choice(DETAILS)
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}." + (f" {detail}" if detail else "")


def _history(model: type, rows: list, action: str, team_id_of, visibility_of) -> list:
    """One creation entry per record, as the services write it."""
    content_type = ContentType.objects.get_for_model(model)
    return [
        HistoryEntry(
            team_id=team_id_of(row),
            content_type=content_type,
            object_id=row.pk,
            object_repr=str(row)[:200],
            version=1,
            action=action,
            actor_name="bench generator",
            changes={},
            visibility=visibility_of(row),
            created_at=row.created_at,
        )
        for row in rows
    ]


def create_base(*, meetings: int = 2_000, decisions: int = 3_000, seed: int = 2017) -> DataSet:
    """Teams, people, groups, meetings with agendas and attendance, decisions, a staff
    account with a read-write API token."""
    rng = random.Random(seed)
    data = DataSet()
    start = dt.datetime(2017, 3, 1, 14, 0, tzinfo=dt.UTC)
    with transaction.atomic():
        for index, (slug, name) in enumerate(TEAMS):
            team = Team.objects.create(slug=slug, name=name, description=f"The {name}.")
            people = Person.objects.bulk_create(
                Person(
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    initials="",
                    email=f"person{index}.{n}@example.org",
                    time_zone=rng.choice(ZONES),
                    affiliation=rng.choice(["ICANN Org", "ccNSO", "GNSO", "ALAC", "SSAC", ""]),
                )
                for n in range(30)
            )
            for person in people:
                person.initials = "".join(p[0] for p in person.name.split()).upper()
            Person.objects.bulk_update(people, ["initials"])
            roles = [Role.STAFF] * 3 + [Role.CHAIR] * 2 + [Role.MEMBER] * 20 + [Role.OBSERVER] * 5
            Membership.objects.bulk_create(
                Membership(team=team, person=p, role=r, start_on=dt.date(2017, 3, 1))
                for p, r in zip(people, roles, strict=True)
            )
            groups = Group.objects.bulk_create(Group(team=team, name=g) for g in GROUPS)
            through = Group.members.through
            through.objects.bulk_create(
                through(group_id=g.pk, person_id=p.pk)
                for g in groups
                for p in rng.sample(people, 4)
            )
            data.teams.append(TeamData(team=team, people=people, groups=groups, meetings=[]))

        per_team = meetings // len(TEAMS)
        all_meetings: list[Meeting] = []
        for team_data in data.teams:
            rows = []
            for n in range(1, per_team + 1):
                kind = Meeting.Kind.LEADERSHIP if n % 4 == 0 else Meeting.Kind.PLENARY
                title = (
                    "Staff, Co-Chairs Coordination"
                    if kind == Meeting.Kind.LEADERSHIP
                    else f"{team_data.team.slug.upper()} Plenary Call"
                )
                rows.append(
                    Meeting(
                        team=team_data.team,
                        number=n,
                        kind=kind,
                        title=f"{title} #{n}",
                        starts_at=start + dt.timedelta(days=3 * n, hours=rng.choice([0, 7, 14])),
                        duration_minutes=rng.choice([60, 90, 120]),
                        status=Meeting.Status.HELD,
                        visibility=Visibility.TEAM if n % 25 == 0 else Visibility.PUBLIC,
                    )
                )
            team_data.meetings = Meeting.objects.bulk_create(rows)
            all_meetings.extend(team_data.meetings)
            TeamCounter.objects.create(team=team_data.team, key="meeting", last=per_team)

        agenda: list[AgendaItem] = []
        attendance: list[Attendance] = []
        for team_data in data.teams:
            for meeting in team_data.meetings:
                for position, title in enumerate(AGENDA):
                    agenda.append(
                        AgendaItem(
                            meeting=meeting,
                            position=position,
                            title=title.format(topic=rng.choice(TOPICS) or "ICANN Security"),
                            minutes=rng.choice([5, 10, 15, 20]),
                            notes=rng.choice(NOTES) if position == 2 else "",
                            reached=True,
                            standing=position in (0, 6),
                        )
                    )
                for person in rng.sample(team_data.people, 10):
                    role = rng.choice(
                        [Attendance.Role.MEMBER] * 6
                        + [Attendance.Role.STAFF, Attendance.Role.OBSERVER]
                        + [Attendance.Role.APOLOGIES]
                    )
                    attendance.append(Attendance(meeting=meeting, person=person, role=role))
        AgendaItem.objects.bulk_create(agenda, batch_size=2_000)
        Attendance.objects.bulk_create(attendance, batch_size=2_000)

        rows_d: list[Decision] = []
        for n in range(decisions):
            team_data = data.teams[n % len(TEAMS)]
            team_data.decision_number += 1
            meeting = rng.choice(team_data.meetings)
            rows_d.append(
                Decision(
                    team=team_data.team,
                    number=team_data.decision_number,
                    text=f"The review team agreed to {rng.choice(OBJECTS)[4:]} as proposed.",
                    decided_on=meeting.starts_at.date()
                    if meeting.starts_at
                    else dt.date(2017, 6, 6),
                    source=Decision.Source.MEETING,
                    meeting=meeting,
                    visibility=meeting.visibility,
                    created_at=meeting.starts_at or start,
                )
            )
        made = Decision.objects.bulk_create(rows_d, batch_size=2_000)
        HistoryEntry.objects.bulk_create(
            _history(
                Decision,
                made,
                "meetings.decision.recorded",
                lambda d: d.team_id,
                lambda d: d.visibility,
            ),
            batch_size=2_000,
        )
        for team_data in data.teams:
            TeamCounter.objects.create(
                team=team_data.team, key="decision", last=team_data.decision_number
            )
            TeamCounter.objects.create(team=team_data.team, key="action_item", last=0)

        main = data.main
        user = User.objects.create_user(username=BENCH_USER, email="bench.staff@example.org")
        user.set_unusable_password()
        user.save()
        Person.objects.filter(pk=main.people[0].pk).update(user=user)
    data.token = create_api_token(user=user, name="benchmark", scope=ApiToken.Scope.WRITE).raw
    return data


def add_items(data: DataSet, count: int, *, seed: int = 365) -> None:
    """`count` more action items spread over the teams (40% in the first), numbered on from
    each team's counter, with 1-3 owners, 0-3 progress notes and a creation history entry."""
    rng = random.Random(seed + data.items)
    statuses = (
        [ActionItem.Status.OPEN] * 35
        + [ActionItem.Status.IN_PROGRESS] * 10
        + [ActionItem.Status.DONE] * 47
        + [ActionItem.Status.DROPPED] * 8
    )
    per_team = [int(count * share) for share in SHARES]
    per_team[0] += count - sum(per_team)
    with transaction.atomic():
        for team_data, n_items in zip(data.teams, per_team, strict=True):
            # Numbers go on from the counter: items created through the API count too.
            team_data.item_number = TeamCounter.objects.get(
                team=team_data.team, key="action_item"
            ).last
            rows = []
            for _ in range(n_items):
                team_data.item_number += 1
                meeting = rng.choice(team_data.meetings)
                requested = meeting.starts_at.date() if meeting.starts_at else dt.date(2017, 6, 6)
                status = rng.choice(statuses)
                roll = rng.random()
                visibility = (
                    Visibility.RESTRICTED
                    if roll < 0.03
                    else Visibility.TEAM
                    if roll < 0.10
                    else Visibility.PUBLIC
                )
                created = dt.datetime.combine(requested, dt.time(15, 0), tzinfo=dt.UTC)
                done = status == ActionItem.Status.DONE
                rows.append(
                    ActionItem(
                        team=team_data.team,
                        number=team_data.item_number,
                        category=rng.choice(CATEGORIES),
                        topic=rng.choice(TOPICS),
                        source_meeting=meeting,
                        requested_on=requested,
                        text=_text(rng),
                        due_on=requested + dt.timedelta(days=rng.choice([7, 14, 30]))
                        if rng.random() < 0.8
                        else None,
                        due_text="" if rng.random() < 0.8 else "TBD",
                        status=status,
                        completed_response="Done; see the list post." if done else "",
                        completed_on=requested + dt.timedelta(days=10) if done else None,
                        visibility=visibility,
                        visibility_reason="Names a person who asked not to be named."
                        if visibility == Visibility.RESTRICTED
                        else "",
                        created_at=created,
                        updated_at=created,
                    )
                )
            items = ActionItem.objects.bulk_create(rows, batch_size=2_000)
            owners: list[ActionItemOwner] = []
            notes: list[ProgressNote] = []
            for item in items:
                picks: list[Person | Group] = rng.sample(
                    team_data.people[:25] + team_data.groups, rng.choice([1, 1, 2, 3])
                )
                for position, owner in enumerate(picks):
                    owners.append(
                        ActionItemOwner(
                            item=item,
                            position=position,
                            person=owner if isinstance(owner, Person) else None,
                            group=owner if isinstance(owner, Group) else None,
                        )
                    )
                for k in range(rng.choice([0, 1, 1, 2, 3])):
                    day = (item.requested_on or dt.date(2017, 6, 6)) + dt.timedelta(days=2 + k)
                    notes.append(
                        ProgressNote(
                            item=item,
                            noted_on=day,
                            text=rng.choice(NOTES),
                            author=rng.choice(team_data.people[:5]),
                            visibility=Visibility.TEAM if rng.random() < 0.1 else Visibility.PUBLIC,
                            created_at=dt.datetime.combine(day, dt.time(16, 0), tzinfo=dt.UTC),
                        )
                    )
            ActionItemOwner.objects.bulk_create(owners, batch_size=2_000)
            ProgressNote.objects.bulk_create(notes, batch_size=2_000)
            HistoryEntry.objects.bulk_create(
                _history(
                    ActionItem,
                    items,
                    "tracker.item.created",
                    lambda i: i.team_id,
                    lambda i: i.visibility,
                ),
                batch_size=2_000,
            )
            TeamCounter.objects.filter(team=team_data.team, key="action_item").update(
                last=team_data.item_number
            )
    data.items += count


def counts() -> dict[str, int]:
    """How many rows the data set holds, for the report."""
    totals: dict[str, int] = defaultdict(int)
    for name, model in (
        ("teams", Team),
        ("people", Person),
        ("meetings", Meeting),
        ("agenda items", AgendaItem),
        ("attendance", Attendance),
        ("decisions", Decision),
        ("action items", ActionItem),
        ("owners", ActionItemOwner),
        ("progress notes", ProgressNote),
        ("history entries", HistoryEntry),
    ):
        totals[name] = model.objects.count()
    return dict(totals)

from __future__ import annotations

import datetime as dt
from typing import Any

from secretariat.events.models import Event, Session
from secretariat.events.services import add_session, create_event
from secretariat.teams.models import Team

JNB = dt.timezone(dt.timedelta(hours=2))  # Africa/Johannesburg has no daylight saving


def make_icann59(team: Team, **kwargs: Any) -> Event:
    kwargs.setdefault("visibility", "public")
    return create_event(
        team=team,
        by=None,
        name="ICANN59 Johannesburg",
        place="Sandton Convention Centre, Johannesburg",
        starts_on=dt.date(2017, 6, 26),
        ends_on=dt.date(2017, 6, 29),
        time_zone="Africa/Johannesburg",
        **kwargs,
    )


def make_session(event: Event, title: str, day: int, hour: int, **kwargs: Any) -> Session:
    start = dt.datetime(2017, 6, day, hour, 0, tzinfo=JNB)
    return add_session(
        event=event, by=None, title=title, starts_at=start,
        ends_at=start + dt.timedelta(minutes=90), **kwargs,
    )  # fmt: skip

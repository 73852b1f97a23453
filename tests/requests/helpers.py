"""Realistic requests and questions of the SSR2 review team, made through the services."""

from __future__ import annotations

from typing import Any

from secretariat.requests.models import Question, Request
from secretariat.requests.services import create_question, create_request
from secretariat.teams.models import Team

DNS_ABUSE = "DNS Abuse Study briefing on interim results"
FRAMEWORK = "Framework for Registry Operators to Respond to Security Threats"
GSE_QUESTION = "How does GSE work specifically with the ccTLD community on SSR?"


def make_request(team: Team, title: str = DNS_ABUSE, **kwargs: Any) -> Request:
    kwargs.setdefault("kind", Request.Kind.BRIEFING)
    return create_request(team=team, by=None, title=title, **kwargs)


def make_question(team: Team, text: str = GSE_QUESTION, **kwargs: Any) -> Question:
    return create_question(team=team, by=None, text=text, **kwargs)

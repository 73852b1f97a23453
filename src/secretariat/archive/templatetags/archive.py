"""`{% team_sections team as sections %}`: the team's sections that exist on this installation.

A section is listed only if its address resolves, so the navigation works before and after an
app (requests, work plan) is installed, without naming URLs that may not exist.
"""

from __future__ import annotations

from django import template
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.translation import gettext_lazy as _

from secretariat.teams.models import Team

register = template.Library()

# (path under /<team>/, label) in the order the navigation shows them; paths are the contract in
# DESIGN.md, so they do not depend on what each app names its URLs.
SECTIONS = (
    ("", _("Home")),
    ("actions/", _("Action items")),
    ("meetings/", _("Meetings")),
    ("decisions/", _("Decisions")),
    ("requests/", _("Requests")),
    ("questions/", _("Questions")),
    ("events/", _("Events")),
    ("workplan/", _("Work plan")),
    ("texts/", _("Texts")),
)


def section_links(team: Team) -> list[tuple[str, str]]:
    links = []
    prefix = get_script_prefix()
    for suffix, label in SECTIONS:
        path = f"/{team.slug}/{suffix}"
        try:
            resolve(path)
        except Resolver404:
            continue
        links.append((f"{prefix}{path[1:]}", str(label)))
    return links


@register.simple_tag
def team_sections(team: Team) -> list[tuple[str, str]]:
    return section_links(team)

"""`{% team_sections team as sections %}`: the team's sections, for the navigation.

Every section's app is installed, so the links are built from their paths (the contract in
DESIGN.md) without resolving each one on every page; a test checks that each path resolves.
"""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix
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
    prefix = get_script_prefix()
    return [(f"{prefix}{team.slug}/{suffix}", str(label)) for suffix, label in SECTIONS]


@register.simple_tag
def team_sections(team: Team) -> list[tuple[str, str]]:
    return section_links(team)

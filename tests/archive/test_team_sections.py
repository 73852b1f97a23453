"""The team navigation: every section it links to is a page of the site."""

from __future__ import annotations

import pytest
from django.urls import resolve

from secretariat.archive.templatetags.archive import SECTIONS, section_links
from secretariat.teams.models import Team

pytestmark = pytest.mark.django_db


def test_every_section_in_the_navigation_is_a_page(team: Team) -> None:
    links = section_links(team)

    assert [label for _, label in links][:3] == ["Home", "Action items", "Meetings"]
    assert len(links) == len(SECTIONS)
    for href, label in links:
        assert href.startswith(f"/{team.slug}/")
        assert resolve(href).url_name, f"{label} ({href}) is not a page"

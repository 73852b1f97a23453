"""Search results come in pages of fifty, best first, each page read as the viewer may: a
common word in a long record is not cut at an arbitrary hundred results."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from secretariat.archive.search import HITS_PER_PAGE, MAX_PAGE, results_page
from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_item

pytestmark = pytest.mark.django_db

PUBLIC = 120
RESTRICTED = 7


@pytest.fixture
def record(team: Team) -> Team:
    for n in range(1, PUBLIC + 1):
        make_item(team, f"Circulate SSR1 recommendation {n} implementation notes to the RT.")
    for n in range(1, RESTRICTED + 1):
        make_item(
            team,
            f"Circulate vendor {n} implementation quote under NDA.",
            visibility=Visibility.RESTRICTED,
        )
    return team


def _numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/ssr2/actions/(\d+)/"', page)]


def test_the_results_come_fifty_to_a_page_with_a_link_to_the_next(record: Team) -> None:
    visitor = Client()

    first = visitor.get("/search/", {"q": "implementation"}).content.decode()
    second = visitor.get("/search/", {"q": "implementation", "page": 2}).content.decode()
    third = visitor.get("/search/", {"q": "implementation", "page": 3}).content.decode()

    assert "Results 1 to 50, best first" in first
    assert 'rel="next" href="?q=implementation&amp;page=2"' in first
    assert 'rel="prev"' not in first
    assert "Results 51 to 100, best first" in second
    assert 'rel="prev" href="?q=implementation&amp;page=1"' in second
    assert "Results 101 to 120, best first" in third
    assert 'rel="next"' not in third
    assert '<ol class="results" start="101">' in third
    pages = [_numbers(first), _numbers(second), _numbers(third)]
    assert [len(p) for p in pages] == [HITS_PER_PAGE, HITS_PER_PAGE, PUBLIC - 2 * HITS_PER_PAGE]
    every = [n for p in pages for n in p]
    assert sorted(every) == list(range(1, PUBLIC + 1))  # each once, no restricted item


def test_staff_page_through_what_they_may_read_too(record: Team, staff: Person) -> None:
    seen: list[int] = []
    for number in (1, 2, 3):
        page = results_page(viewer=user_of(staff), query="implementation", page=number)
        seen += [int(hit.url.split("/")[-2]) for hit in page.hits]
    assert len(seen) == PUBLIC + RESTRICTED == len(set(seen))
    assert not page.has_next


def test_a_small_result_keeps_its_count_and_a_mangled_page_shows_the_first(
    record: Team,
) -> None:
    visitor = Client()
    found = visitor.get("/search/", {"q": "recommendation 17"}).content.decode()
    mangled = visitor.get("/search/", {"q": "implementation", "page": "2'--"}).content.decode()
    beyond = results_page(viewer=None, query="implementation", page=MAX_PAGE + 5)

    assert re.search(r"\d+ results?", found)
    assert 'rel="next"' not in found
    assert "Results 1 to 50, best first" in mangled
    assert beyond.number == MAX_PAGE
    assert beyond.hits == []

"""Archive pages that are not one app's: a team's home, its calendar, search across teams."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from secretariat.archive.calendar import team_calendar
from secretariat.archive.feeds import TeamFeed
from secretariat.archive.home import team_home as home_of
from secretariat.archive.search import MAX_QUERY_LENGTH, clean_query, results_page
from secretariat.archive.withheld import withheld_counts
from secretariat.core.context_processors import is_static_export
from secretariat.core.history import latest_change
from secretariat.meetings.models import Meeting
from secretariat.teams.queries import get_team
from secretariat.tracker.models import ActionItem

CALENDAR_CACHE_SECONDS = 600
FEED_CACHE_SECONDS = 600
_feed = TeamFeed()


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    slug = request.GET.get("team", "")
    team = get_team(slug) if slug else None
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1  # a mangled link still shows the first page
    results = results_page(viewer=request.user, query=query, team=team, page=page)
    context = {
        "query": query,
        "results": results,
        "hits": results.hits,
        "max_length": MAX_QUERY_LENGTH,
        "team": team,
    }
    return render(request, "archive/search.html", context)


@require_safe
def team_home(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    context = {
        "team": team_obj,
        "home": home_of(viewer=request.user, team=team_obj),
        "withheld": withheld_counts(viewer=request.user, team=team_obj),
    }
    return render(request, "archive/team_home.html", context)


@require_safe
def calendar_feed(request: HttpRequest, team: str) -> HttpResponse:
    """The team's public meetings and due dates as iCalendar, for calendar applications."""
    team_obj = get_team(team)
    absolute = not is_static_export(request)

    def meeting_url(meeting: Meeting) -> str | None:
        if not absolute or meeting.number is None:
            return None
        return request.build_absolute_uri(
            reverse("meetings:detail", args=[team_obj.slug, meeting.number])
        )

    def item_url(item: ActionItem) -> str | None:
        if not absolute:
            return None
        return request.build_absolute_uri(
            reverse("tracker:detail", args=[team_obj.slug, item.number])
        )

    # Drawing every meeting of a long-lived team takes the icalendar library a second or more;
    # any change to the team's records writes a history entry, so the latest entry names the
    # calendar's version, and a copy keyed by it is still right (CALENDAR_CACHE_SECONDS bounds
    # how long a change made outside the services could go unseen).
    revision = latest_change(team_obj.pk)
    key = f"archive:calendar:{team_obj.pk}:{revision}:{absolute and request.get_host()}"
    body = cache.get(key)
    if body is None:
        body = team_calendar(team_obj, meeting_url=meeting_url, item_url=item_url)
        cache.set(key, body, CALENDAR_CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{team_obj.slug}.ics"'
    return response


@require_safe
def team_feed(request: HttpRequest, team: str) -> HttpResponse:
    """The team's Atom feed (archive.feeds). Feed readers poll it, and it is the same for every
    one of them (always the anonymous view), so a copy is kept until the team's record changes:
    keyed, like the calendar, by the team's latest history entry, and by the address and
    language the links and words are drawn in."""
    team_obj = get_team(team)
    revision = latest_change(team_obj.pk)
    key = (
        f"archive:feed:{team_obj.pk}:{revision}:{request.scheme}://{request.get_host()}:"
        f"{get_language()}"
    )
    cached: tuple[bytes, dict[str, str]] | None = cache.get(key)
    if cached is None:
        response = _feed(request, team=team)
        kept = {
            name: response[name] for name in ("Content-Type", "Last-Modified") if name in response
        }
        cached = (response.content, kept)
        cache.set(key, cached, FEED_CACHE_SECONDS)
    body, headers = cached
    return HttpResponse(body, headers=headers)

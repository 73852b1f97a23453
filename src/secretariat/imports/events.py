"""ICANN public meetings named in a document ("ICANN59 Johannesburg", "ahead of ICANN59 in
Johannesburg", "ICANN 66 Montréal"): one event per meeting number, whatever the number of
mentions. Pure functions, no database.

The place is the capitalised words after the number (or after "in"); the time zone is guessed
by matching the place against the city part of zoneinfo's zone names ("Johannesburg" →
Africa/Johannesburg), else UTC. Dates are read only when the document writes them next to the
mention ("ICANN59 Johannesburg (25-29 June 2017)"); otherwise the event has none, and is stored
as "dates to be announced".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zoneinfo
from dataclasses import replace

from secretariat.imports.dates import MONTHS, nearest_year
from secretariat.imports.result import EventData

# "ICANN59", "ICANN 66", then optionally "in", then up to four capitalised words.
_MENTION = re.compile(
    r"\bICANN\s?(?P<number>\d{2,3})\b"
    r"(?:,?\s+(?:in\s+)?(?P<place>[A-ZÀ-Þ][\w'\u2019.-]*(?:\s+[A-ZÀ-Þ][\w'\u2019.-]*){0,3}))?"
)
# Words that start a sentence or a heading rather than a place ("ICANN59 Johannesburg Share…"
# is rare; "ICANN60 Public Forum" names a session, not a city).
_NOT_PLACES = {
    "public",
    "policy",
    "community",
    "annual",
    "general",
    "meeting",
    "forum",
    "the",
    "and",
    "share",
    "agenda",
    "session",
    "sessions",
    "schedule",
}
_MONTH = r"(?P<{name}>[A-Za-z]{{3,9}})\.?"
_RANGE = re.compile(
    r"^\W{0,3}(?P<d1>\d{1,2})(?:\s+" + _MONTH.format(name="m1") + r")?\s*(?:[\u2013\u2014-]|to)\s*"
    r"(?P<d2>\d{1,2})\s+" + _MONTH.format(name="m2") + r"(?:,?\s+(?P<year>\d{4}))?"
)
_ISO_RANGE = re.compile(
    r"^\W{0,3}(?P<start>\d{4}-\d{2}-\d{2})\s*(?:[\u2013\u2014-]|to)\s*(?P<end>\d{4}-\d{2}-\d{2})"
)


def _fold(text: str) -> str:
    """Lower case without accents or separators: "Montréal" → "montreal"."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", plain.casefold())


@functools.cache
def _zones_by_city() -> dict[str, str]:
    zones: dict[str, str] = {}
    # Only "Region/City": the cities of "Region/Country/City" zones are provincial towns whose
    # names the world's better-known cities share (America/Argentina/San_Juan is not the San
    # Juan of ICANN61, in Puerto Rico); better UTC and a notice than a wrong zone.
    for name in sorted(zoneinfo.available_timezones()):
        if name.count("/") != 1 or name.startswith(("Etc/", "SystemV/", "US/")):
            continue
        zones.setdefault(_fold(name.rsplit("/", 1)[1]), name)
    return zones


def guess_time_zone(place: str) -> str:
    """The zone whose city is `place` (or one of its comma-separated parts, with or without a
    trailing "City": "Panama City" → America/Panama), else UTC."""
    zones = _zones_by_city()
    parts = [place, *place.split(",")]
    for part in [*parts, *(re.sub(r"\s+city$", "", p.strip(), flags=re.I) for p in parts)]:
        found = zones.get(_fold(part))
        if found:
            return found
    return "UTC"


def _place(raw: str | None) -> str:
    """The place of a mention, without trailing words that are not one."""
    if not raw:
        return ""
    words = raw.rstrip(".'\u2019").split()
    kept: list[str] = []
    for word in words:
        if word.casefold().strip(".") in _NOT_PLACES:
            break
        kept.append(word)
    return " ".join(kept).rstrip(".,")


def _month(raw: str | None) -> int | None:
    return MONTHS.get(raw.casefold()) if raw else None


def _dates_after(text: str, reference: dt.date) -> tuple[dt.date, dt.date] | None:
    """An event's days written right after its mention: "(25-29 June 2017)", ", 2017-06-25
    to 2017-06-29"; None when there are none (or they do not make sense)."""
    iso = _ISO_RANGE.match(text)
    try:
        if iso is not None:
            start = dt.date.fromisoformat(iso["start"])
            end = dt.date.fromisoformat(iso["end"])
            return (start, end) if start <= end else None
        found = _RANGE.match(text)
        if found is None:
            return None
        end_month = _month(found["m2"])
        start_month = _month(found["m1"]) if found["m1"] else end_month
        if end_month is None or start_month is None:
            return None
        if found["year"]:
            year = int(found["year"])
            end = dt.date(year, end_month, int(found["d2"]))
        else:
            guessed = nearest_year(end_month, int(found["d2"]), reference)
            if guessed is None:
                return None
            end = guessed
        start = dt.date(
            end.year - (1 if start_month > end_month else 0), start_month, int(found["d1"])
        )
    except ValueError:
        return None
    return (start, end) if start <= end else None


def find_events(text: str, *, reference: dt.date) -> tuple[EventData, ...]:
    """One EventData per ICANN meeting number mentioned in `text`, in order of first mention;
    a later mention fills in what an earlier one lacked (the place, the dates)."""
    found: dict[str, EventData] = {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        for match in _MENTION.finditer(line):
            number = match["number"]
            place = _place(match["place"])
            dates = _dates_after(line[match.end() :], reference)
            known = found.get(number)
            if known is None:
                found[number] = EventData(
                    name=f"ICANN{number} {place}".strip(),
                    place=place,
                    time_zone=guess_time_zone(place) if place else "UTC",
                    starts_on=dates[0] if dates else None,
                    ends_on=dates[1] if dates else None,
                    line=line_number,
                )
                continue
            if place and not known.place:
                known = replace(
                    known,
                    name=f"ICANN{number} {place}",
                    place=place,
                    time_zone=guess_time_zone(place),
                )
            if dates and known.starts_on is None:
                known = replace(known, starts_on=dates[0], ends_on=dates[1])
            found[number] = known
    return tuple(found.values())

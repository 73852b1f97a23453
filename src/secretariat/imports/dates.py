"""Fuzzy dates as secretariats write them: "30 May", "22 June", "6/2" (US month/day),
"11 Sep 2019", "2017-05-30", "Tuesday COB", "TBD".

Pure functions. A date without a year takes the year that puts it nearest the reference date
(the document's own date where it has one). A deadline in words ("Tuesday COB", "TBD", "end of
this week") is not a date: it is kept as written, with no date. Only something that looks like a
date and is not one ("31 June", "13/45") is unreadable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_ORD = r"(?:st|nd|rd|th)?"

# One date anywhere in a text; named groups tell which form it took.
DATE_RE = re.compile(
    rf"""
    (?P<iso>(?<!\d)(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?!\d))
    | (?P<dmy>(?<!\d)(?P<dd>\d{{1,2}}){_ORD}[ -](?:of\ )?(?P<dm>{_MONTH})(?![a-z])(?:,?[ ](?P<dy>\d{{4}})(?!\d))?)
    | (?P<mdy>\b(?P<mm>{_MONTH})[ ](?P<md>\d{{1,2}}){_ORD}(?!\d)(?:,?[ ](?P<my>\d{{4}})(?!\d))?)
    | (?P<us>(?<![\d/])(?P<um>\d{{1,2}})/(?P<ud>\d{{1,2}})(?:/(?P<uy>\d{{2}}|\d{{4}}))?(?![\d/]))
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WEEKDAY_RE = re.compile(rf"^{_WEEKDAY}\s*", re.IGNORECASE)
_NO_DATE_WORDS = re.compile(
    r"^(?:tbd|tbc|n/?a|none|-+|\u2014|\u2013|ongoing|asap|pending|open|done|complete[d]?|\?+)\.?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateReading:
    """A deadline or date as written: `value` when it is a date, `readable` False when it
    looks like a date but is not one."""

    value: dt.date | None
    text: str
    readable: bool = True


def nearest_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The date (month, day) in the year that puts it nearest `reference`; None if no year has
    it (31 June; 29 February nearest a year without one takes the nearest leap year)."""
    candidates = []
    for year in range(reference.year - 4, reference.year + 5):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - reference).days), d))


def _year(raw: str) -> int:
    year = int(raw)
    return year + 2000 if year < 100 else year


def date_from_match(match: re.Match[str], reference: dt.date) -> dt.date | None:
    """The date a DATE_RE match names, or None when it names none (31 June, month 13)."""
    try:
        if match.group("iso"):
            return dt.date(int(match["iy"]), int(match["im"]), int(match["id"]))
        if match.group("dmy") or match.group("mdy"):
            month_word = (match["dm"] or match["mm"]).rstrip(".").lower()
            month = MONTHS[month_word]
            day = int(match["dd"] or match["md"])
            year = match["dy"] or match["my"]
            if year:
                return dt.date(int(year), month, day)
            return nearest_year(month, day, reference)
        month, day = int(match["um"]), int(match["ud"])
        if match["uy"]:
            return dt.date(_year(match["uy"]), month, day)
        return nearest_year(month, day, reference) if 1 <= month <= 12 else None
    except (ValueError, KeyError):
        return None


def parse_date(text: str | None, *, reference: dt.date) -> DateReading:
    """Read a date or deadline cell. Empty → no date; words → no date, kept as written."""
    raw = " ".join((text or "").split())
    if not raw:
        return DateReading(None, "")
    if _NO_DATE_WORDS.match(raw):
        return DateReading(None, raw)
    bare = _WEEKDAY_RE.sub("", raw) if DATE_RE.search(raw) else raw
    match = DATE_RE.fullmatch(bare.strip().rstrip("."))
    if match:
        value = date_from_match(match, reference)
        return DateReading(value, raw, readable=value is not None)
    match = DATE_RE.search(raw)
    if match:
        # A date inside words ("by 14 Aug 23:59 UTC"): the date counts, the words are kept.
        value = date_from_match(match, reference)
        return DateReading(value, raw, readable=value is not None)
    if re.search(r"\d", raw) and re.fullmatch(r"[\d\s/.\-]+", raw):
        return DateReading(None, raw, readable=False)  # "13/45/2019", "2019-13-01"
    return DateReading(None, raw)  # "Tuesday COB", "end of this week", "next call"


def find_date(text: str, *, reference: dt.date) -> tuple[dt.date, re.Match[str]] | None:
    """The first real date inside `text` ("followed up 6/2") and where it was found."""
    for match in DATE_RE.finditer(text):
        value = date_from_match(match, reference)
        if value is not None:
            return value, match
    return None


# A date at the very end of a cell that ran into the one before it ("Boban Krsic26 May",
# "Shared via email.18 Sep 2019"): the day may touch letters or punctuation on its left.
_TRAILING = re.compile(
    rf"(?P<date>(?<!\d)\d{{1,2}}{_ORD}\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|(?<!\d)\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|(?<![\d/])\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
    rf"|(?:TBD|TBC|N/A)|\b(?:Ongoing|ASAP))\s*$",
    re.IGNORECASE,
)


def split_trailing_date(text: str) -> tuple[str, str] | None:
    """("Boban Krsic", "26 May") from "Boban Krsic26 May"; None without a trailing date."""
    match = _TRAILING.search(text.rstrip())
    if match is None:
        return None
    return text[: match.start()].rstrip(), match["date"].strip()


_RUN_DATE = re.compile(rf"^(?P<digits>\d{{1,7}})\s*(?P<rest>{_MONTH}\s+\d{{4}})", re.IGNORECASE)


def number_date_candidates(digits: str, rest: str) -> list[tuple[int | None, dt.date]]:
    """Every way to read a digit run as (meeting number, day): "8211" + "Sep 2019" is
    (82, 11 Sep 2019) or (821, 1 Sep 2019); "6" + "Sep 2018" is (None, 6 Sep 2018)."""
    parts = rest.split()
    month = MONTHS.get(parts[0].rstrip(".").lower())
    year = int(parts[-1])
    out: list[tuple[int | None, dt.date]] = []
    if month is None:
        return out
    for cut in (len(digits) - 2, len(digits) - 1):
        if cut < 0:
            continue
        day_digits = digits[cut:]
        try:
            day = dt.date(year, month, int(day_digits))
        except ValueError:
            continue
        number = int(digits[:cut]) if cut > 0 else None
        if number == 0:
            continue
        out.append((number, day))
    return out


def choose_numbers(
    rows: list[list[tuple[int | None, dt.date]]],
) -> list[tuple[int | None, dt.date] | None]:
    """Pick one (number, date) reading per row of a table whose meeting number ran into the day.

    Meetings follow each other at a roughly steady pace, so for the right readings "date minus
    number weeks" (when meeting #0 would have been) is about the same on every row, while a
    wrong split is off by years (meeting #821 on 1 Sep 2019 would put #0 in 2004). The epoch that
    fits most rows best is found among the rows' own readings; each row takes the reading
    nearest it, and a reading without a number wins unless a numbered one fits within a year.
    """

    def epoch(reading: tuple[int | None, dt.date]) -> int | None:
        number, day = reading
        return None if number is None else day.toordinal() - number * 7

    epochs = sorted({e for row in rows for r in row if (e := epoch(r)) is not None})
    if not epochs:
        return [row[0] if row else None for row in rows]
    sample = rows[:: max(1, len(rows) // 200)]
    probes = epochs[:: max(1, len(epochs) // 400)]

    def cost(center: int) -> int:
        total = 0
        for row in sample:
            gaps = [abs(e - center) for r in row if (e := epoch(r)) is not None]
            total += min([*gaps, 365])
        return total

    best = min(probes, key=cost)
    chosen: list[tuple[int | None, dt.date] | None] = []
    for row in rows:
        if not row:
            chosen.append(None)
            continue

        def gap(reading: tuple[int | None, dt.date]) -> int:
            e = epoch(reading)
            return 365 if e is None else abs(e - best)

        chosen.append(min(row, key=gap))
    return chosen

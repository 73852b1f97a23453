from __future__ import annotations

import datetime as dt

import pytest

from secretariat.imports.dates import (
    choose_numbers,
    number_date_candidates,
    parse_date,
    split_trailing_date,
)

DECK_DAY = dt.date(2017, 6, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 May", dt.date(2017, 5, 30)),
        ("22 June", dt.date(2017, 6, 22)),
        ("6/2", dt.date(2017, 6, 2)),
        ("11 Sep 2019", dt.date(2019, 9, 11)),
        ("2017-05-30", dt.date(2017, 5, 30)),
        ("Aug 14", dt.date(2017, 8, 14)),
        ("Thursday 19th July", dt.date(2017, 7, 19)),
        ("Sept 3, 2018", dt.date(2018, 9, 3)),
        ("6/2/18", dt.date(2018, 6, 2)),
    ],
)
def test_it_reads_the_dates_secretariats_write(text: str, expected: dt.date) -> None:
    reading = parse_date(text, reference=DECK_DAY)
    assert reading.value == expected
    assert reading.text == text
    assert reading.readable


@pytest.mark.parametrize("text", ["Tuesday COB", "TBD", "end of this week", "N/A"])
def test_it_keeps_a_deadline_in_words_without_a_date(text: str) -> None:
    reading = parse_date(text, reference=DECK_DAY)
    assert reading.value is None
    assert reading.text == text
    assert reading.readable


@pytest.mark.parametrize("text", ["31 June", "13/45", "2019-13-01", "32 May 2019"])
def test_it_calls_a_date_that_does_not_exist_unreadable(text: str) -> None:
    reading = parse_date(text, reference=DECK_DAY)
    assert reading.value is None
    assert not reading.readable


def test_a_date_without_a_year_takes_the_year_nearest_the_reference() -> None:
    assert parse_date("5 Jan", reference=dt.date(2018, 12, 20)).value == dt.date(2019, 1, 5)
    assert parse_date("20 Dec", reference=dt.date(2019, 1, 3)).value == dt.date(2018, 12, 20)


def test_it_splits_a_date_off_the_cell_it_ran_into() -> None:
    assert split_trailing_date("Boban Krsic26 May") == ("Boban Krsic", "26 May")
    assert split_trailing_date("ICANN OrgTBD") == ("ICANN Org", "TBD")
    assert split_trailing_date("Shared via email. 18 Sep 2019") == (
        "Shared via email.",
        "18 Sep 2019",
    )
    assert split_trailing_date("No date here") is None


def test_it_reads_meeting_numbers_run_into_days_consistently_over_a_table() -> None:
    rows = [
        number_date_candidates("8211", "Sep 2019"),
        number_date_candidates("814", "Sep 2019"),
        number_date_candidates("797", "Aug 2019"),
        number_date_candidates("7019", "May 2019"),
        number_date_candidates("10112", "Feb 2020"),
        number_date_candidates("6", "Sep 2018"),
    ]
    assert choose_numbers(rows) == [
        (82, dt.date(2019, 9, 11)),
        (81, dt.date(2019, 9, 4)),
        (79, dt.date(2019, 8, 7)),
        (70, dt.date(2019, 5, 19)),
        (101, dt.date(2020, 2, 12)),
        (None, dt.date(2018, 9, 6)),
    ]

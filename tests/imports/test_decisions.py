from __future__ import annotations

import datetime as dt

from secretariat.imports import decisions
from tests.imports.helpers import fixture_text

D = dt.date


def test_it_reads_run_together_rows_and_multi_paragraph_decisions() -> None:
    name = "ssr2-decisions-2020.txt"
    result = decisions.parse(fixture_text(name), file=name, reference=D(2020, 3, 1))
    assert result.warnings == []
    rows = [(d.source, d.meeting_number, d.date, d.text) for d in result.decisions]
    assert rows == [
        (
            "Meeting #101",
            101,
            D(2020, 2, 12),
            "The team agreed to use the SMART table for every recommendation.",
        ),
        (
            "Leadership",
            None,
            D(2020, 2, 10),
            "Leadership agreed to publish the draft report on 24 January.",
        ),
        (
            "Meeting #100",
            100,
            D(2020, 1, 29),
            "The team agreed the structure of the final report.\n\n"
            "The team agreed to drop the standalone IANA section.",
        ),
        ("Meeting #99", 99, D(2020, 1, 22), "Team adopted the outreach plan for ICANN67."),
        (
            "Email",
            None,
            D(2020, 1, 3),
            "ICANN Org to extend the technical writer contract to June 2020.",
        ),
    ]


def test_it_reads_the_wiki_decisions_sample_style() -> None:
    text = (
        "1036 Mar 2020The team agreed to create a SMART table.\n"
        "Leadership2 Mar 2020Public comment period will be extended to 20 March 2020.\n"
        "8425 Sep 2019\n\nThe team agreed to adopt work plan updates.\n\n"
        "4313 Sep 2018Team adopted the high-level comms plan.\n"
        "6 Sep 2018Team decided to hold an engagement session.\n"
    )
    result = decisions.parse(text, file="d.txt", reference=D(2020, 3, 10))
    assert [(d.meeting_number, d.date) for d in result.decisions] == [
        (103, D(2020, 3, 6)),
        (None, D(2020, 3, 2)),
        (84, D(2019, 9, 25)),
        (43, D(2018, 9, 13)),
        (None, D(2018, 9, 6)),
    ]
    assert result.decisions[4].source is None


def test_an_html_table_keeps_links_and_reports_a_bad_date_by_line() -> None:
    name = "atrt3-decisions.html"
    result = decisions.parse(fixture_text(name), file=name, reference=D(2019, 6, 1))
    assert [(d.source, d.date, d.text) for d in result.decisions] == [
        (
            "Meeting #12",
            D(2019, 5, 8),
            "The review team agreed to run a [community survey](https://www.surveymonkey.com/r/atrt3).",
        ),
        (
            "Leadership",
            D(2019, 5, 14),
            "Co-chairs agreed to hold the face-to-face meeting in Montréal.",
        ),
    ]
    assert result.has_blocking
    assert result.warnings == [
        "atrt3-decisions.html, line 5: expected a date such as \"6 Mar 2020\", found '32 May 2019'"
    ]

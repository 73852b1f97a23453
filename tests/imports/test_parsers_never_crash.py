"""Property tests: no parser raises on arbitrary text, whatever it is given."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretariat.imports.detect import TEXT_PARSERS, ImportFileError, parse_bytes
from secretariat.imports.result import ImportResult

# Text built from the pieces the parsers look for, so the examples reach deep into them.
PIECES = st.sampled_from(
    [
        "365General8211 Sep 2019",
        "Action\tOwner\tDue Date",
        "Review Team Members:",
        "ACTION ITEM: ",
        "DECISION REACHED: ",
        "(COMPLETE)",
        "Status: ",
        "  1. ",
        "- ⊙ ",
        "\\odot ",
        " (GH) ",
        "Leadership2 Mar 2020",
        "From x@y Thu Sep 13 19:04:51 2018\n",
        "Subject: a\n",
        "<table><tr><th>Action</th><td>",
        "TBD",
        "6/2",
        "31 June",
        "\t",
        "\n",
        ",",
        "#111 - 27 May 2020 @ 14:00 UTC",
        "Staff to ",
        "Item #",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=TEXTS)
def test_no_text_parser_raises_on_any_text(text: str) -> None:
    for parse in TEXT_PARSERS.values():
        result = parse(text, file="fuzz.txt", reference=dt.date(2019, 9, 20))
        assert isinstance(result, ImportResult)
        result.to_json()


@SETTINGS
@given(data=st.binary(max_size=400))
def test_bytes_either_parse_or_are_refused_with_a_message(data: bytes) -> None:
    try:
        result: ImportResult | str = parse_bytes(
            data, file="fuzz.bin", reference=dt.date(2019, 9, 20)
        )
    except ImportFileError as exc:
        result = str(exc)
    if isinstance(result, str):
        assert "fuzz.bin" in result
    else:
        assert isinstance(result.to_json(), dict)

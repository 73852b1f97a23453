"""imports.asks: which action items are also requests the team made of the organisation."""

from __future__ import annotations

import datetime as dt

import pytest

from secretariat.imports.asks import request_of, with_item_requests
from secretariat.imports.detect import parse_bytes
from secretariat.imports.result import ActionItemData, ImportResult, Note, Question, RequestData


def item(text: str, *owners: str, status: str = "open", **kwargs: object) -> ActionItemData:
    return ActionItemData(text=text, owners=owners, status=status, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        pytest.param(
            item(
                "Provide the SSR2 RT a timeline of the ITHI project, when they have clarity on "
                "next steps and schedules.",
                "ICANN Org",
            ),
            ("document", "requested", "ICANN Org"),
            id="the-organisation-provides-a-timeline",
        ),
        pytest.param(
            item(
                "Staff to provide language used in the past for statement of work (for "
                "specialist technical writer).",
                "Staff",
                status="in_progress",
            ),
            ("document", "in_progress", "Staff"),
            id="staff-to-provide-language",
        ),
        pytest.param(
            item("Schedule remainder of briefings related to SSR1.", "ICANN Org"),
            ("briefing", "requested", "ICANN Org"),
            id="briefings-to-schedule",
        ),
        pytest.param(
            item("Provide the RT with DNS abuse statistics by TLD for 2016.", "ICANN Org"),
            ("data", "requested", "ICANN Org"),
            id="data",
        ),
        pytest.param(
            item("Share the collaborative tools IT has approved.", "ICANN org", status="done"),
            ("tool", "delivered", "ICANN Org"),
            id="delivered-tool",
        ),
        pytest.param(
            item("Provide an update on the budget for the face-to-face meeting.", "ICANN Org"),
            ("other", "requested", "ICANN Org"),
            id="other",
        ),
    ],
)
def test_an_item_the_organisation_owns_that_asks_for_something_is_a_request(
    action: ActionItemData, expected: tuple[str, str, str]
) -> None:
    request = request_of(action)
    assert request is not None
    assert (request.kind, request.status, request.addressed_to) == expected
    assert not request.title.startswith(("Staff to", "staff to"))
    assert not request.title.endswith(".")


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(
            item("Schedule a call with Mr. Matogoro regarding connectivity.", "ICANN Org"),
            id="an-errand-not-a-request",
        ),
        pytest.param(
            item("Provide comments on the draft work plan.", "James Gannon"),
            id="a-members-own-action",
        ),
        pytest.param(
            item("Jennifer to share the proposal to meet face-to-face in January.", "ICANN Org"),
            id="a-named-staff-errand",
        ),
        pytest.param(
            item(
                "Send written responses to RT questions asked during the presentation.",
                "ICANN Org",
                questions=(Question(text="What is the planning process?", asked_by="GH"),),
            ),
            id="questions-are-recorded-as-questions",
        ),
        pytest.param(
            item("Provide the RT a timeline of the ITHI project.", "ICANN Org", status="merged"),
            id="merged-into-another-item",
        ),
    ],
)
def test_other_items_are_not_requests(action: ActionItemData) -> None:
    assert request_of(action) is None


def test_a_request_the_document_names_itself_is_not_read_twice() -> None:
    tools = "Research collaborative tools the RT may use that can be publicly archived"
    result = ImportResult(
        format="slides",
        requests=(
            RequestData(
                kind="tool",
                title=tools,
                notes=(Note(date=None, text="Working with IT for approval on requested tools."),),
            ),
        ),
        action_items=(item("Share the collaborative tools the RT may use.", "ICANN Org"),),
    )
    requests = with_item_requests(result).requests
    assert [(r.kind, r.title, r.addressed_to) for r in requests] == [
        ("tool", tools, "IT"),  # the department its note names
        ("tool", "Share the collaborative tools the RT may use", "ICANN Org"),
    ]


def test_a_tracker_export_yields_the_requests_its_rows_are() -> None:
    csv = (
        b"Number,Action Item Request,Action Owner,Anticipated Completion Date,Status\n"
        b'412,"Provide the SSR2 RT a timeline of the ITHI project.",ICANN Org,TBD,open\n'
        b'413,"Draft the SSR2 report outline.","Co-Chairs, Boban Krsic",2019-10-30,open\n'
    )

    result = parse_bytes(csv, file="ssr2-actions.csv", fmt="csv", reference=dt.date(2019, 10, 1))

    assert [(a.number, a.text[:20]) for a in result.action_items] == [
        (412, "Provide the SSR2 RT "),
        (413, "Draft the SSR2 repor"),
    ]
    assert [(r.kind, r.addressed_to) for r in result.requests] == [("document", "ICANN Org")]

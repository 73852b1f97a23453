from __future__ import annotations

import pytest

from secretariat.imports.owners import owners_from_text, split_owners, strip_leading_deadline


def test_it_splits_an_owner_cell_into_one_name_per_owner() -> None:
    assert split_owners("Co-Chairs, James Gannon, Boban Krsic") == [
        "Co-Chairs",
        "James Gannon",
        "Boban Krsic",
    ]
    assert split_owners("Russ and Laurin") == ["Russ", "Laurin"]
    assert split_owners("TBD") == []


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        ("Staff to post the update blog to icann.org.", ["Staff"]),
        ("KC to help find resources related to NCAP and share these with Naveed.", ["KC"]),
        (
            "Review team members to send suggested edits by Tuesday COB. Denise to hold the pen "
            "and to issue revised draft.",
            ["Review team members", "Denise"],
        ),
        ("Patrick/Cheryl to address transparency concerns.", ["Patrick", "Cheryl"]),
        ("MSSI-Secretariat to circulate placeholder calendar invites.", ["MSSI-Secretariat"]),
        ("By Aug 14 - 23:59 UTC - Review Team Members to read draft ToR", ["Review Team Members"]),
        ("Move outreach template to the list and discuss further.", []),
        ("Send Co-Chairs table of outstanding briefing requests.", []),
        ("Distribute draft Johannesburg agenda to email list.", []),
        ("Review team to look at the timeline. Item to be added to the agenda.", ["Review team"]),
    ],
)
def test_it_takes_the_owner_from_the_start_of_the_sentence(text: str, owners: list[str]) -> None:
    assert owners_from_text(text) == owners


def test_it_separates_a_leading_deadline_from_the_action() -> None:
    assert strip_leading_deadline("By Aug 14 - 23:59 UTC - Review Team Members to read") == (
        "Aug 14 - 23:59 UTC",
        "Review Team Members to read",
    )

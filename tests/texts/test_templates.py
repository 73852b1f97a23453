"""Text templates of the SSR2 Review Team: versions kept, old language found, access held."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from secretariat.core.errors import StaleVersion
from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from secretariat.texts.models import TextTemplate, TextTemplateVersion
from secretariat.texts.services import create_template, update_template
from tests.conftest import client_for, user_of

pytestmark = pytest.mark.django_db

SOW_TITLE = "Statement of work: specialist technical writer"
SOW_V1 = """## Scope

The contractor will assist the SSR2 Review Team in drafting its final report, under the
direction of the co-chairs.

- Edit the draft recommendations for clarity and consistency.
- Deliver a clean draft two weeks before ICANN60 in Abu Dhabi.
"""
OLD_PHRASE = "two weeks before ICANN60 in Abu Dhabi"
SOW_V2 = """## Scope

The contractor will assist the SSR2 Review Team in drafting its final report, under the
direction of the co-chairs.

- Edit the draft recommendations for clarity and consistency.
- Deliver a clean draft by 15 December 2017 for the public comment period.
"""
CANARY = "CANARY-7f3e vendor NDA letter"


def _sow(team: Team, staff: Person) -> TextTemplate:
    template = create_template(
        team=team,
        by=user_of(staff),
        title=SOW_TITLE,
        body=SOW_V1,
        tags="writer, procurement",
        note="As sent to Procurement in June 2017",
    )
    return update_template(
        template=template,
        by=user_of(staff),
        expected_version=1,
        changes={"body": SOW_V2},
        note="Deadline moved to the public comment period",
    )


def test_every_saved_text_is_kept_with_who_when_and_why(team: Team, staff: Person) -> None:
    sow = _sow(team, staff)
    assert sow.version == 2
    assert OLD_PHRASE not in sow.body
    versions = list(TextTemplateVersion.objects.filter(template=sow).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert OLD_PHRASE in versions[0].body
    assert [v.author_name for v in versions] == ["Jennifer Bryce", "Jennifer Bryce"]
    assert versions[1].note == "Deadline moved to the public comment period"


def test_an_edit_based_on_an_old_version_is_refused_and_changes_nothing(
    team: Team, staff: Person, chair: Person
) -> None:
    sow = _sow(team, staff)
    with pytest.raises(StaleVersion):
        update_template(
            template=sow,
            by=user_of(chair),
            expected_version=1,
            changes={"body": "Russ's rewrite"},
        )
    sow.refresh_from_db()
    assert sow.version == 2
    assert sow.body == SOW_V2.strip()
    assert TextTemplateVersion.objects.filter(template=sow).count() == 2


def test_a_template_without_text_is_refused_naming_the_field(team: Team, staff: Person) -> None:
    with pytest.raises(ValidationError) as error:
        create_template(team=team, by=user_of(staff), title=SOW_TITLE, body="   ")
    assert "body" in error.value.error_dict
    assert not TextTemplate.objects.exists()


def test_a_member_cannot_create_or_edit(team: Team, staff: Person, member: Person) -> None:
    sow = _sow(team, staff)
    with pytest.raises(PermissionDenied):
        update_template(
            template=sow, by=user_of(member), expected_version=2, changes={"title": "Mine"}
        )
    with pytest.raises(PermissionDenied):
        create_template(team=team, by=user_of(member), title="Letter", body="Dear Göran,")
    client = client_for(member)
    assert client.get(f"/ssr2/texts/{sow.number}/edit/").status_code == 403
    response = client.post(
        f"/ssr2/texts/{sow.number}/edit/",
        {"title": "Mine", "kind": "other", "body": "x", "visibility": "public", "version": 2},
    )
    assert response.status_code == 403
    sow.refresh_from_db()
    assert sow.title == SOW_TITLE
    page = client.get(f"/ssr2/texts/{sow.number}/").content.decode()
    assert SOW_TITLE in page
    assert f"/ssr2/texts/{sow.number}/edit/" not in page


def test_staff_edit_through_the_form_and_a_stale_form_gets_409(team: Team, staff: Person) -> None:
    sow = _sow(team, staff)
    client = client_for(staff)
    form = {
        "title": SOW_TITLE,
        "kind": "statement_of_work",
        "tags": "writer",
        "body": SOW_V2 + "\n- Two review rounds with the drafting team.\n",
        "visibility": "public",
        "note": "Added review rounds",
        "version": 2,
    }
    response = client.post(f"/ssr2/texts/{sow.number}/edit/", form)
    assert response.status_code == 302
    sow.refresh_from_db()
    assert sow.version == 3
    assert "Two review rounds" in sow.body
    stale = client.post(f"/ssr2/texts/{sow.number}/edit/", {**form, "body": "Other"})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    sow.refresh_from_db()
    assert sow.version == 3


def test_an_old_phrase_is_found_in_seconds_with_its_version(
    client: Client, team: Team, staff: Person
) -> None:
    sow = _sow(team, staff)
    response = client.get("/ssr2/texts/", {"q": "ICANN60 in Abu Dhabi"})
    page = response.content.decode()
    assert response.status_code == 200
    assert SOW_TITLE in page
    assert "In version 1" in page
    assert f"/ssr2/texts/{sow.number}/?version=1" in page
    assert "Deliver a clean draft two weeks before ICANN60 in Abu Dhabi" in page
    # The old version's page shows that text, marked as not current.
    old = client.get(f"/ssr2/texts/{sow.number}/", {"version": 1}).content.decode()
    assert OLD_PHRASE in old
    assert "not the current text" in old
    assert "Jennifer Bryce" in old
    assert "Deadline moved to the public comment period" in old
    nothing = client.get("/ssr2/texts/", {"q": "WHOIS accuracy"}).content.decode()
    assert SOW_TITLE not in nothing
    assert "No template matches." in nothing


def test_the_page_renders_markdown_sanitised_and_the_plain_view_is_copyable(
    client: Client, team: Team, staff: Person
) -> None:
    sow = create_template(
        team=team,
        by=user_of(staff),
        title="Letter to the Board",
        kind=TextTemplate.Kind.LETTER,
        body="Dear Steve,\n\n<script>alert(1)</script> **thanks** [x](javascript:alert(1))",
    )
    page = client.get(f"/ssr2/texts/{sow.number}/").content.decode()
    assert "<strong>thanks</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page
    plain = client.get(f"/ssr2/texts/{sow.number}/plain/")
    assert plain["Content-Type"] == "text/plain; charset=utf-8"
    assert plain.content.decode().startswith("Letter to the Board\n\nDear Steve,")


def test_the_diff_shows_what_was_removed_and_added_escaped(
    client: Client, team: Team, staff: Person
) -> None:
    sow = _sow(team, staff)
    update_template(
        template=sow,
        by=user_of(staff),
        expected_version=2,
        changes={"body": SOW_V2 + "\n<b>Fee</b>: per hour\n"},
    )
    response = client.get(f"/ssr2/texts/{sow.number}/diff/", {"from": 1, "to": 2})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<del>- - Deliver a clean draft {OLD_PHRASE}.</del>" in page
    assert "<ins>+ - Deliver a clean draft by 15 December 2017" in page
    latest = client.get(f"/ssr2/texts/{sow.number}/diff/").content.decode()
    assert "<ins>+ &lt;b&gt;Fee&lt;/b&gt;: per hour</ins>" in latest
    assert client.get(f"/ssr2/texts/{sow.number}/diff/", {"from": 9}).status_code == 400


def test_a_restricted_template_never_reaches_anonymous_visitors_or_members(
    client: Client, team: Team, staff: Person, member: Person
) -> None:
    secret = create_template(
        team=team,
        by=user_of(staff),
        title="Letter to the vendor",
        body=f"{CANARY}: terms under negotiation.",
        kind=TextTemplate.Kind.LETTER,
        visibility=Visibility.RESTRICTED,
        visibility_reason="Vendor contract negotiations",
    )
    _sow(team, staff)
    for who in (client, client_for(member)):
        assert CANARY not in who.get("/ssr2/texts/", {"q": "CANARY"}).content.decode()
        assert "Letter to the vendor" not in who.get("/ssr2/texts/").content.decode()
        for suffix in ("", "plain/", "diff/"):
            assert who.get(f"/ssr2/texts/{secret.number}/{suffix}").status_code == 404
    assert CANARY in client_for(staff).get("/ssr2/texts/", {"q": "canary"}).content.decode()


def test_text_written_while_restricted_stays_hidden_after_the_template_is_opened(
    client: Client, team: Team, staff: Person
) -> None:
    template = create_template(
        team=team,
        by=user_of(staff),
        title="Mail to OCTO",
        kind=TextTemplate.Kind.MAIL,
        body=f"{CANARY} draft",
        visibility=Visibility.RESTRICTED,
    )
    update_template(
        template=template,
        by=user_of(staff),
        expected_version=1,
        changes={"body": "Dear OCTO, please brief us on the KSK rollover.", "visibility": "public"},
    )
    assert "Mail to OCTO" in client.get("/ssr2/texts/").content.decode()
    assert "Mail to OCTO" not in client.get("/ssr2/texts/", {"q": "CANARY"}).content.decode()
    assert CANARY not in client.get(f"/ssr2/texts/{template.number}/?version=1").content.decode()
    assert client.get(f"/ssr2/texts/{template.number}/plain/?version=1").status_code == 404
    assert client.get(f"/ssr2/texts/{template.number}/diff/?from=1&to=2").status_code == 400


def test_the_list_costs_the_same_queries_for_three_templates_or_twelve(
    client: Client, team: Team, staff: Person, django_assert_num_queries: object
) -> None:
    def add(count: int) -> None:
        for index in range(count):
            template = create_template(
                team=team,
                by=None,
                title=f"Statement of work: reviewer {index}",
                body=f"The contractor supports the SSR2 Review Team (role {index}).",
            )
            update_template(
                template=template,
                by=None,
                expected_version=1,
                changes={"body": f"The contractor supports SSR2 (role {index}), ICANN60."},
            )

    add(3)
    staff_client = client_for(staff)
    staff_client.get("/ssr2/texts/", {"q": "Review Team"})  # warm the session and caches
    with django_assert_num_queries(8) as few:  # type: ignore[operator]
        staff_client.get("/ssr2/texts/", {"q": "Review Team"})
    add(9)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = staff_client.get("/ssr2/texts/", {"q": "Review Team"})
    assert response.content.decode().count("In version 1") == 12


def test_every_texts_page_is_csp_clean_and_has_one_main_heading(team: Team, staff: Person) -> None:
    sow = _sow(team, staff)
    client = client_for(staff)
    for path in (
        "/ssr2/texts/",
        "/ssr2/texts/?q=Abu+Dhabi",
        "/ssr2/texts/new/",
        f"/ssr2/texts/{sow.number}/",
        f"/ssr2/texts/{sow.number}/?version=1",
        f"/ssr2/texts/{sow.number}/diff/",
        f"/ssr2/texts/{sow.number}/edit/",
    ):
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200, path
        for tag in body.split("<script")[1:]:
            assert "src=" in tag.split(">")[0], f"inline script on {path}"
        assert "<style" not in body
        assert " style=" not in body
        assert body.count("<h1") == 1, path
        assert "<html lang=" in body

"""core.markdown.render_markdown: the Markdown people write, rendered safe to show unescaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from secretariat.core.markdown import render_markdown


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The real elements of `html` (escaped text is not an element), with their attributes."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Circulate the work plan <script>alert('ssr2')</script> to the RT",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)"> photo of the whiteboard',
        '<a href="https://www.icann.org" onclick="steal()">ICANN</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<div style="position:fixed">overlay</div>',
    ],
)
def test_it_strips_raw_html(text: str) -> None:
    elements = _elements(render_markdown(text))

    assert [tag for tag, _ in elements] == ["p"]
    assert elements[0][1] == {}


def test_raw_html_is_shown_as_text_not_lost() -> None:
    html = render_markdown("Use <b>bold</b> sparingly")

    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_it_drops_dangerous_links(url: str) -> None:
    html = render_markdown(f"See [the work plan]({url}) for dates")

    assert _elements(html) == [("p", {})]
    assert "href" not in html


def test_links_get_rel_nofollow_noopener_noreferrer() -> None:
    html = render_markdown("See the [SSR2 wiki](https://community.icann.org/display/SSR)")

    assert html == (
        '<p>See the <a href="https://community.icann.org/display/SSR" '
        'rel="nofollow noopener noreferrer">SSR2 wiki</a></p>\n'
    )


def test_mailto_and_relative_links_are_kept() -> None:
    html = render_markdown(
        "Write to [the list](mailto:ssr2-rt@icann.org) or see [#365](/ssr2/actions/365/)"
    )

    assert 'href="mailto:ssr2-rt@icann.org"' in html
    assert 'href="/ssr2/actions/365/"' in html


def test_normal_markdown_renders() -> None:
    text = (
        "Key dates:\n\n- *Draft* work plan\n- **Final** work plan by `2017-08-04`\n\n1. one\n2. two"
    )

    html = render_markdown(text)

    assert html == (
        "<p>Key dates:</p>\n"
        "<ul>\n<li><em>Draft</em> work plan</li>\n"
        "<li><strong>Final</strong> work plan by <code>2017-08-04</code></li>\n</ul>\n"
        "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"
    )


def test_tables_render() -> None:
    html = render_markdown("| Owner | Due |\n|---|---|\n| ICANN Org | TBD |")

    assert "<table>" in html
    assert "<td>ICANN Org</td>" in html


def test_empty_text_renders_as_nothing() -> None:
    assert render_markdown("") == ""

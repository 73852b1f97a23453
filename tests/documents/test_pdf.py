"""documents/pdf.py: WeasyPrint may fetch nothing but data: URLs and our own static files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

from secretariat.documents import pdf
from secretariat.documents.pdf import RefusedURL, html_to_pdf, is_allowed_url, local_only_fetcher

HOSTILE = (
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "https://169.254.169.254/",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "ftp://example.org/x",
    f"{pdf.STATIC_ROOT.as_uri()}/../../../../../etc/passwd",
    f"{pdf.STATIC_ROOT.as_uri()}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
)


@pytest.mark.parametrize("url", HOSTILE)
def test_the_fetcher_refuses_metadata_files_and_other_schemes(url: str) -> None:
    assert not is_allowed_url(url)
    with pytest.raises(RefusedURL):
        local_only_fetcher().fetch(url)


def test_the_fetcher_reads_data_urls_and_our_static_files() -> None:
    fetcher = local_only_fetcher()
    stylesheet = next(pdf.STATIC_ROOT.rglob("*.css"))

    assert fetcher.fetch("data:text/plain,SSR2").read() == b"SSR2"
    assert fetcher.fetch(stylesheet.as_uri()).read() == stylesheet.read_bytes()


def test_rendering_never_fetches_what_the_page_points_at(monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[str] = []
    real_fetch = URLFetcher.fetch

    def recording_fetch(self: Any, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", recording_fetch)
    html = """<html><head>
      <link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/style.css">
      <link rel="attachment" href="file:///etc/passwd">
      <style>@import url("file:///etc/passwd"); body { background: url(http://169.254.169.254/x.png) }</style>
    </head><body>
      <p>Plenary #111</p>
      <img src="http://169.254.169.254/latest/meta-data/">
      <img src="../../../../../../etc/passwd">
      <object data="file:///etc/passwd"></object>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    </body></html>"""

    document = html_to_pdf(html)

    # only the inline image got past the local-only fetcher to the real fetcher
    assert fetched == ["data:image/gif;base64,R0lGODlhAQABAAAAACw="]
    reader = PdfReader(io.BytesIO(document))
    assert "Plenary #111" in reader.pages[0].extract_text()
    assert reader.attachments == {}
    assert b"root:" not in document
    assert Path("/etc/passwd").read_bytes()[:5] not in document

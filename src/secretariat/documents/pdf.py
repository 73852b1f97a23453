"""HTML to PDF with WeasyPrint, fetching nothing but inline data and our own static files.

Documents carry user text. It is escaped before it reaches the HTML, and this fetcher is the
second wall: whatever URL ends up in the page (`http://169.254.169.254/`, `file:///etc/passwd`,
an `<link rel="attachment">`), WeasyPrint may only read `data:` URLs and files inside the
package's `static/` folder.

WeasyPrint is imported on first use: it adds some 30 MB to a process, which a web worker that
never prints a PDF need not carry.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

STATIC_ROOT = (Path(__file__).resolve().parent.parent / "static").resolve()


class RefusedURL(ValueError):
    """A document asked for a URL it may not fetch."""


def is_allowed_url(url: str) -> bool:
    """True for `data:` URLs and `file:` URLs of files inside our static folder."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file" or parts.netloc not in {"", "localhost"}:
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_relative_to(STATIC_ROOT) and path.is_file()


@functools.cache
def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(timeout=5, allowed_protocols={"data", "file"}, allow_redirects=False)

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            if not is_allowed_url(url):
                raise RefusedURL(url)
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def local_only_fetcher() -> Any:
    """A WeasyPrint fetcher that refuses every URL `is_allowed_url` does not allow."""
    return _fetcher_class()()


def html_to_pdf(html: str, *, stylesheet: str = "") -> bytes:
    """Render an HTML document (and a print stylesheet) to PDF bytes."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    fetcher = local_only_fetcher()
    stylesheets = [CSS(string=stylesheet, url_fetcher=fetcher)] if stylesheet else []
    document = HTML(string=html, base_url=STATIC_ROOT.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=stylesheets)
    return pdf

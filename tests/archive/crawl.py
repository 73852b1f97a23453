"""Fetch every address of the site a visitor could ask for, and read what comes back as text.

`url_patterns()` walks Django's resolver; `fill()` turns a pattern into addresses from seeded
numbers and keys; `readable()` turns a response (HTML, JSON, Atom, iCalendar, PDF, PPTX, DOCX)
into the text a person could read in it, headers included.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader

PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Pattern:
    route: str  # "<slug:team>/actions/<int:number>/"
    name: str  # "tracker:detail" ("" if unnamed)

    @property
    def params(self) -> list[str]:
        return [m["name"] for m in PARAM.finditer(self.route)]


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the site, with its full route (regex patterns kept as they are)."""
    found: list[Pattern] = []

    def walk(entries: list[URLPattern | URLResolver], prefix: str, namespace: str) -> None:
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}{entry.namespace}:"
                walk(entry.url_patterns, route, ns)
            else:
                found.append(Pattern(route, f"{namespace}{entry.name}" if entry.name else ""))

    walk(get_resolver().url_patterns, "/", "")
    return found


def fill(pattern: Pattern, values: dict[str, list[str]]) -> Iterator[str]:
    """The addresses `pattern` takes with the given candidate values for each parameter."""
    names = pattern.params
    choices = [values.get(name, values["*"]) for name in names]
    for combination in itertools.product(*choices):
        chosen = iter(combination)
        yield (
            PARAM.sub(lambda _m, c=chosen: next(c), pattern.route).replace("^", "").replace("$", "")
        )


def readable(response: HttpResponse) -> str:
    """Everything a person could read in the response: its headers and its body as text."""
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    if body.startswith(b"%PDF"):
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        return f"{headers}\n{text}\n{body.decode('latin-1')}"
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        return headers + "\n" + "\n".join(parts)
    return f"{headers}\n{body.decode('utf-8', 'replace')}"


LINK = re.compile(r'(?:href|src|action)="(/[^"#]*)"')


def links(text: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in LINK.findall(text)]

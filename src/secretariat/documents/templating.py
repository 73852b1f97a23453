"""Django templates for the HTML documents, from this package's own folder.

A standalone engine (not settings.TEMPLATES) keeps the renderers independent of which apps
are installed; it autoescapes like every Django template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template import Context, Engine

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

_engine = Engine(
    dirs=[str(TEMPLATES_DIR)],
    autoescape=True,
    libraries={"i18n": "django.templatetags.i18n"},
)


def render_template(name: str, context: dict[str, Any]) -> str:
    """Render `documents/<name>` with autoescaping on."""
    return _engine.get_template(name).render(Context(context, autoescape=True))


def read_stylesheet(name: str) -> str:
    """The text of a stylesheet kept beside the templates."""
    return (TEMPLATES_DIR / "documents" / name).read_text(encoding="utf-8")

"""Reading the import fixtures (tests/fixtures/imports/)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


def fixture_path(name: str) -> Path:
    return FIXTURES / name


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")

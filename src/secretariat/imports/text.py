"""Small text helpers the parsers share: bullets, indentation trees, links, near-duplicates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import fuzz

from secretariat.imports.result import ActionItemData, AgendaItemData, Note

# Bullet glyphs as decks and wikis flatten them: "-", "*", "•", "⊙", "\odot", a lone "O"/"o".
_GLYPH = re.compile(r"^(?:[-*•◦▪·‣⊙●○]|\\odot|[oO](?=\s+\S))\s+")
_NUMBERED = re.compile(r"^(?P<num>\d{1,2}|[a-zA-Z]|[ivx]{1,4})[.)]\s+")
_PREAMBLE = re.compile(r"^(source|kind):\s*(?P<value>.*)$", re.IGNORECASE)
_ANGLE_LINK = re.compile(r"(?<=\S)<(?P<url>https?://[^>\s]+)>")
_DUP_THRESHOLD = 92
_NUMBER = re.compile(r"\d+")


def preamble_kind(lines: list[str]) -> tuple[str | None, int]:
    """The `kind:` a copied document names at its top (samples carry "source:" and "kind:"
    lines), and how many lines that preamble takes."""
    kind = None
    count = 0
    for line in lines[:3]:
        match = _PREAMBLE.match(line.strip())
        if match is None:
            break
        if match[1].lower() == "kind":
            kind = match["value"].strip().lower()
        count += 1
    return kind, count


def bullet(line: str) -> tuple[int, str] | None:
    """(indent, text) of a bullet line ("  • Staff to …", " - ⊙ AOB"), or None."""
    stripped = line.lstrip(" \t\u00a0")
    indent = len(line) - len(stripped)
    if not _GLYPH.match(stripped):
        return None
    text = stripped
    while _GLYPH.match(text):
        text = _GLYPH.sub("", text, count=1)
    return indent, text.strip()


def numbered(line: str) -> tuple[int, str] | None:
    """(indent, text) of a numbered agenda line ("  2. Finalize ToR"), or None."""
    stripped = line.lstrip(" \t\u00a0")
    match = _NUMBERED.match(stripped)
    if match is None:
        return None
    return len(line) - len(stripped), stripped[match.end() :].strip()


def build_tree(entries: list[tuple[int, str]]) -> tuple[AgendaItemData, ...]:
    """Nest (indent, title) entries: a deeper indent is a child of the item above it."""
    root: list[tuple[str, list[object]]] = []
    stack: list[tuple[int, list[tuple[str, list[object]]]]] = [(-1, root)]
    for indent, title in entries:
        while len(stack) > 1 and indent <= stack[-1][0]:
            stack.pop()
        children: list[tuple[str, list[object]]] = []
        stack[-1][1].append((title, children))  # type: ignore[arg-type]
        stack.append((indent, children))

    def freeze(nodes: list[tuple[str, list[object]]]) -> tuple[AgendaItemData, ...]:
        return tuple(
            AgendaItemData(title=title, children=freeze(kids))  # type: ignore[arg-type]
            for title, kids in nodes
        )

    return freeze(root)


def clean(text: str) -> str:
    """One line of text: spaces collapsed, quotes as written, `word<https://…>` made a link."""
    text = _ANGLE_LINK.sub(lambda m: f" <{m['url']}>", text)
    return " ".join(text.replace("\u00a0", " ").split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text for comparison: no accents, case or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", plain.casefold()).split())


@lru_cache(maxsize=65536)
def numbers_in(text: str) -> tuple[str, ...]:
    """The numbers a text names, sorted: "section 1" and "section 2" are different actions,
    however alike the rest of their words."""
    return tuple(sorted(_NUMBER.findall(text)))


def same_action(a: str, b: str) -> bool:
    """Near-identical texts naming the same numbers (the same action written twice)."""
    folded_a, folded_b = fold(a), fold(b)
    return (
        numbers_in(folded_a) == numbers_in(folded_b)
        and fuzz.ratio(folded_a, folded_b) >= _DUP_THRESHOLD
    )


def merge_duplicate_items(items: list[ActionItemData]) -> tuple[list[ActionItemData], list[int]]:
    """Items whose text is near-identical read as one (the first place keeps its position, the
    later one fills what it lacks). Returns the items and the lines of those folded away."""
    kept: list[ActionItemData] = []
    folded: list[int] = []
    for item in items:
        for index, earlier in enumerate(kept):
            same_number = item.number is not None and item.number == earlier.number
            if same_number or (
                (item.number is None or earlier.number is None)
                and same_action(item.text, earlier.text)
            ):
                kept[index] = _combine(earlier, item)
                folded.append(item.line or 0)
                break
        else:
            kept.append(item)
    return kept, folded


def _combine(first: ActionItemData, second: ActionItemData) -> ActionItemData:
    owners = list(first.owners)
    for name in second.owners:
        if name.casefold() not in {o.casefold() for o in owners}:
            owners.append(name)
    notes: list[Note] = list(first.notes)
    for note in second.notes:
        if note not in notes:
            notes.append(note)
    status = first.status
    if status == "open" and second.status != "open":
        status = second.status
    return replace(
        first,
        owners=tuple(owners),
        number=first.number if first.number is not None else second.number,
        due=first.due or second.due,
        due_text=first.due_text or second.due_text,
        status=status,
        category=first.category or second.category,
        requested_on=first.requested_on or second.requested_on,
        notes=tuple(notes),
        questions=first.questions or second.questions,
    )

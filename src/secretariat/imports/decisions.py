"""A "Decisions Reached" table: source (a meeting number, or "Leadership", "Email"…), date and
decision, as an HTML table or copied as text with the cells run together:

    1036 Mar 2020The team agreed to create a table …     (meeting 103, 6 Mar 2020)
    Leadership2 Mar 2020Public comment period will be extended …
    8425 Sep 2019                                          (the decision on the next lines)

    The team agreed to adopt work plan updates.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from secretariat.imports.columns import normalise
from secretariat.imports.dates import _MONTH, choose_numbers, number_date_candidates, parse_date
from secretariat.imports.result import DecisionData, ImportResult, Notice
from secretariat.imports.text import clean, preamble_kind
from secretariat.imports.tracker import _TableReader

FORMAT = "decisions"

_ROW = re.compile(
    rf"^(?P<source>[A-Za-z][A-Za-z &/-]*?)?\s*(?P<digits>\d{{1,7}})\s*(?P<month>{_MONTH})\s+"
    rf"(?P<year>\d{{4}})(?P<rest>.*)$",
    re.IGNORECASE,
)
_HEADERS = {
    "source": ("meeting", "mtg", "meeting #", "source", "call", "where"),
    "date": ("date", "decided on", "date of decision"),
    "text": ("decision", "decisions", "decision reached", "decisions reached", "text"),
}


def _source_label(number: int | None, words: str) -> str | None:
    if number is not None:
        return f"Meeting #{number}"
    return words or None


def _parse_html(text: str, file: str, reference: dt.date) -> ImportResult:
    reader = _TableReader()
    reader.feed(text)
    reader.close()
    decisions: list[DecisionData] = []
    notices: list[Notice] = []
    for table in reader.tables:
        if not table.rows:
            continue
        header = [normalise(c) for c in table.rows[0][1]]
        columns: dict[str, int] = {}
        for fieldname, names in _HEADERS.items():
            for index, name in enumerate(header):
                if name in names and fieldname not in columns:
                    columns[fieldname] = index
        if "text" not in columns:
            continue
        for line, cells in table.rows[1:]:

            def cell(
                fieldname: str, cells: list[str] = cells, columns: dict[str, int] = columns
            ) -> str:
                index = columns.get(fieldname)
                return cells[index] if index is not None and index < len(cells) else ""

            decision = clean(cell("text"))
            if not decision:
                continue
            reading = parse_date(cell("date"), reference=reference)
            if not reading.readable:
                notices.append(
                    Notice(
                        file,
                        _('expected a date such as "6 Mar 2020", found %(v)r')
                        % {"v": reading.text},
                        line=line,
                        blocking=True,
                    )
                )
                continue
            source = cell("source").strip().lstrip("#")
            number = int(source) if source.isdigit() else None
            decisions.append(
                DecisionData(
                    text=decision,
                    date=reading.value,
                    source=_source_label(number, source),
                    meeting_number=number,
                )
            )
    return _result(file, decisions, notices)


def _result(file: str, decisions: list[DecisionData], notices: list[Notice]) -> ImportResult:
    if not decisions and not any(n.blocking for n in notices):
        notices.append(
            Notice(
                file,
                _(
                    'expected rows of source, date and decision (e.g. "Leadership2 Mar 2020Public '
                    'comment period …")'
                ),
                line=1,
                blocking=True,
            )
        )
    return ImportResult(
        format=FORMAT, file=file, decisions=tuple(decisions), notices=tuple(notices)
    )


def parse(text: str, *, file: str = "<input>", reference: dt.date) -> ImportResult:
    if re.search(r"<table\b", text, re.IGNORECASE):
        return _parse_html(text, file, reference)
    lines = text.splitlines()
    _kind, skip = preamble_kind(lines)
    rows: list[tuple[int, str, list[tuple[int | None, dt.date]], list[str]]] = []
    for number, raw in enumerate(lines, start=1):
        if number <= skip or not raw.strip():
            continue
        match = _ROW.match(raw.strip())
        if match is not None:
            words = (match["source"] or "").strip()
            candidates = number_date_candidates(
                match["digits"], f"{match['month']} {match['year']}"
            )
            if words:
                candidates = [c for c in candidates if c[0] is None]
            if candidates:
                rest = match["rest"].strip()
                rows.append((number, words, candidates, [rest] if rest else []))
                continue
        if rows:
            rows[-1][3].append(raw.strip())
    readings = choose_numbers([r[2] for r in rows])
    decisions: list[DecisionData] = []
    notices: list[Notice] = []
    for (line, words, _candidates, parts), reading in zip(rows, readings, strict=True):
        text = "\n\n".join(clean(part) for part in parts if clean(part))
        if not text or reading is None:
            notices.append(
                Notice(
                    file, _("expected the decision's text after its date"), line=line, blocking=True
                )
            )
            continue
        meeting_no, day = reading
        decisions.append(
            DecisionData(
                text=text,
                date=day,
                source=_source_label(meeting_no, words),
                meeting_number=meeting_no,
            )
        )
    return _result(file, decisions, notices)

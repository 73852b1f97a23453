from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from secretariat.documents.charts import (
    render_closed_per_month_svg,
    render_open_closed_svg,
    render_overdue_by_owner_svg,
)

D = dt.date
NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_open_and_closed_are_two_lines_with_one_point_per_date() -> None:
    points = [(D(2017, 3, 3), 4, 0), (D(2017, 4, 1), 12, 3), (D(2017, 6, 6), 20, 14)]
    root = _parse(render_open_closed_svg(points))

    opened = root.find(".//svg:polyline[@class='series-open']", NS)
    closed = root.find(".//svg:polyline[@class='series-closed']", NS)
    assert opened is not None
    assert closed is not None
    assert len(opened.get("points", "").split()) == 3
    assert "20 open and 14 closed" in root.find("svg:desc", NS).text  # type: ignore[union-attr,operator]
    assert root.get("role") == "img"


def test_overdue_by_owner_draws_one_bar_per_owner_with_its_count() -> None:
    counts = [("Co-Chairs", 5), ("ICANN Org", 3), ("James Gannon", 1)]
    root = _parse(render_overdue_by_owner_svg(counts))

    rows = root.findall(".//svg:g[@class='bar-row']", NS)
    assert [r.find("svg:title", NS).text for r in rows] == [  # type: ignore[union-attr]
        "Co-Chairs: 5",
        "ICANN Org: 3",
        "James Gannon: 1",
    ]
    widths = [float(r.find("svg:rect", NS).get("width")) for r in rows]  # type: ignore[union-attr,arg-type]
    assert widths[0] > widths[1] > widths[2]


def test_closed_per_month_draws_one_column_per_month() -> None:
    counts = [(D(2017, 3, 1), 2), (D(2017, 4, 1), 0), (D(2017, 5, 1), 7)]
    root = _parse(render_closed_per_month_svg(counts))
    columns = root.findall(".//svg:g[@class='bar-col']", NS)
    assert [c.find("svg:title", NS).text for c in columns] == [
        "Mar 2017: 2",
        "Apr 2017: 0",
        "May 2017: 7",
    ]  # type: ignore[union-attr]


def test_empty_charts_still_render_and_say_so() -> None:
    for svg, message in (
        (render_open_closed_svg([]), "No action items yet."),
        (render_overdue_by_owner_svg([]), "No overdue items."),
        (render_closed_per_month_svg([]), "No items closed yet."),
    ):
        assert message in "".join(_parse(svg).itertext())


def test_owner_names_are_escaped() -> None:
    svg = render_overdue_by_owner_svg([("<img src=x onerror=alert(1)>", 2)])
    assert "<img" not in svg
    _parse(svg)


def test_a_chart_paints_as_a_png_with_its_bars_where_the_svg_puts_them() -> None:
    import io

    from PIL import Image

    from secretariat.documents.charts import chart_picture

    svg = render_overdue_by_owner_svg([("Co-Chairs", 5), ("ICANN Org", 3)])
    picture = chart_picture(svg)

    assert picture.title == "Overdue action items by owner"
    assert picture.description == "Co-Chairs: 5; ICANN Org: 3"
    bar = _parse(svg).find(".//svg:g[@class='bar-row']/svg:rect", NS)
    assert bar is not None
    with Image.open(io.BytesIO(picture.png)) as image:
        assert image.format == "PNG"
        x = (float(bar.get("x", 0)) + 2) * 2
        y = (float(bar.get("y", 0)) + 9) * 2
        assert image.getpixel((x, y)) == (0x1F, 0x38, 0x64)  # the bar's ink

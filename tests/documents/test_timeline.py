from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from secretariat.documents.timeline import TimelineRow, render_timeline_svg

D = dt.date
NS = {"svg": "http://www.w3.org/2000/svg"}

ROWS = [
    TimelineRow("Agree the review's scope", D(2017, 5, 30), D(2017, 3, 3), "Work plan", "done"),
    TimelineRow("Work plan adopted", D(2017, 6, 25), None, "Work plan", "planned"),
    TimelineRow(
        "Assess SSR1 implementation",
        D(2017, 10, 13),
        D(2017, 5, 1),
        "SSR1 implementation",
        "in_progress",
        baseline_start=D(2017, 5, 1),
        baseline_end=D(2017, 9, 30),
    ),
    TimelineRow("DNS SSR findings", D(2017, 11, 30), D(2017, 6, 1), "DNS SSR", "late"),
]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_it_draws_one_group_per_milestone_under_its_workstream_heading() -> None:
    root = _parse(render_timeline_svg(ROWS, today=D(2017, 6, 6)))

    milestones = root.findall(".//svg:g[@class='milestone']", NS)
    assert len(milestones) == 4
    headings = [
        g.find("svg:text", NS).text for g in root.findall(".//svg:g[@class='workstream']", NS)
    ]  # type: ignore[union-attr]
    assert headings == ["Work plan", "SSR1 implementation", "DNS SSR"]
    labels = [g.find("svg:text", NS).text for g in milestones]  # type: ignore[union-attr]
    assert labels[0] == "Agree the review's scope"


def test_it_is_accessible_with_a_title_a_description_and_role_img() -> None:
    root = _parse(render_timeline_svg(ROWS, today=D(2017, 6, 6), title="SSR2: work plan"))
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "SSR2: work plan"  # type: ignore[union-attr]
    assert "4 milestones" in root.find("svg:desc", NS).text  # type: ignore[union-attr,operator]


def test_todays_line_is_drawn_between_the_dates_around_it() -> None:
    svg = render_timeline_svg(ROWS, today=D(2017, 6, 6))
    root = _parse(svg)
    today = root.find(".//svg:g[@class='today']/svg:line", NS)
    assert today is not None
    bars = {
        g.find("svg:title", NS).text.split(":")[0]: g.find("svg:rect[@class='bar']", NS)  # type: ignore[union-attr]
        for g in root.findall(".//svg:g[@class='milestone']", NS)
    }
    scope = bars["Agree the review's scope"]
    assert scope is not None
    scope_end = float(scope.get("x")) + float(scope.get("width"))  # type: ignore[arg-type]
    assert float(today.get("x1")) > scope_end  # type: ignore[arg-type]  # 6 June is after 30 May


def test_a_slip_against_the_baseline_shows_a_ghost_bar_and_the_days() -> None:
    root = _parse(render_timeline_svg(ROWS, today=D(2017, 6, 6)))
    ssr1 = next(
        g
        for g in root.findall(".//svg:g[@class='milestone']", NS)
        if "SSR1" in (g.find("svg:text", NS).text or "")  # type: ignore[union-attr]
    )
    assert ssr1.find("svg:rect[@class='baseline']", NS) is not None
    assert ssr1.find("svg:text[@class='slip']", NS).text == "+13 days"  # type: ignore[union-attr]
    slips = root.findall(".//svg:text[@class='slip']", NS)
    assert len(slips) == 1  # the others have no baseline


def test_key_dates_are_diamonds_and_events_are_labelled() -> None:
    root = _parse(
        render_timeline_svg(
            ROWS, today=D(2017, 6, 6), events=[(D(2017, 6, 25), "ICANN59 Johannesburg")]
        )
    )
    assert len(root.findall(".//svg:polygon[@class='key-date']", NS)) == 1
    event = root.find(".//svg:g[@class='event']/svg:text", NS)
    assert event is not None
    assert event.text == "ICANN59 Johannesburg"


def test_user_text_is_escaped() -> None:
    rows = [TimelineRow('<script>alert("x")</script> & co', D(2017, 6, 9), workstream="<b>")]
    svg = render_timeline_svg(rows, today=D(2017, 6, 6))
    assert "<script>" not in svg
    assert "<b>" not in svg
    root = _parse(svg)
    assert root.find(".//svg:g[@class='milestone']/svg:text", NS).text.startswith("<script>")  # type: ignore[union-attr]


def test_an_empty_plan_still_renders_and_says_so() -> None:
    root = _parse(render_timeline_svg([], today=D(2017, 6, 6)))
    assert "No milestones yet." in "".join(root.itertext())


def test_a_today_far_from_the_plan_is_marked_at_the_edge_with_its_date() -> None:
    root = _parse(render_timeline_svg(ROWS, today=D(2026, 11, 24)))
    label = root.find(".//svg:g[@class='today']/svg:text", NS)
    assert label is not None
    assert label.text == "Today: 2026-11-24"
    ticks = [t.text for t in root.findall(".//svg:g[@class='axis']/svg:text", NS)]
    assert "Jan 2020" not in ticks  # the axis keeps to the plan


def test_the_png_draws_the_same_plan_twice_as_sharp() -> None:
    import io

    from PIL import Image

    from secretariat.documents.timeline import layout, render_timeline_png

    png = render_timeline_png(ROWS, today=D(2017, 6, 6), title="SSR2: work plan")

    with Image.open(io.BytesIO(png)) as image:
        plan = layout(ROWS, today=D(2017, 6, 6), events=[])
        assert image.format == "PNG"
        assert image.size == (plan.width * 2, plan.height * 2)
        # The today line is red, where the SVG draws it.
        x = round(plan.x(D(2017, 6, 6)) * 2)
        assert image.getpixel((x, (plan.top + 30) * 2)) == (176, 0, 32)


def test_a_legend_names_every_mark_and_late_bars_are_hatched_for_print() -> None:
    root = _parse(render_timeline_svg(ROWS, today=D(2017, 6, 6)))
    legend = [t.text for t in root.findall(".//svg:g[@class='legend']/svg:text", NS)]
    assert legend == ["Planned", "In progress", "Done", "Late", "Dropped", "Key date",
                      "Baseline", "Today", "Public event"]  # fmt: skip
    late = next(g for g in root.findall(".//svg:g[@class='milestone']", NS)
                if g.get("data-status") == "late")  # fmt: skip
    assert late.find("svg:rect[@class='bar']", NS).get("fill") == "url(#timeline-hatch)"  # type: ignore[union-attr]
    assert root.find(".//svg:pattern[@id='timeline-hatch']", NS) is not None


def test_pages_of_a_long_plan_share_one_axis_and_repeat_the_workstream() -> None:
    from secretariat.documents.timeline import axis, paginate_rows

    rows = [
        TimelineRow(f"Finding {n}", D(2017, 6, 1) + dt.timedelta(days=n), D(2017, 5, 1),
                    "DNS SSR" if n < 30 else "ICANN Security")
        for n in range(50)
    ]  # fmt: skip
    pages = paginate_rows(rows, 20)
    assert [len(p) for p in pages] == [19, 18, 13]  # each heading on a page takes a line
    span = axis(rows, today=D(2017, 6, 6))
    first, last = (_parse(render_timeline_svg(p, today=D(2017, 6, 6), span=span)) for p in (pages[0], pages[-1]))  # fmt: skip
    ticks = [
        [t.text for t in r.findall(".//svg:g[@class='axis']/svg:text", NS)] for r in (first, last)
    ]
    assert ticks[0] == ticks[1]
    headings = [
        g.find("svg:text", NS).text for g in last.findall(".//svg:g[@class='workstream']", NS)
    ]  # type: ignore[union-attr]
    assert headings == ["ICANN Security"]
    middle = _parse(render_timeline_svg(pages[1], today=D(2017, 6, 6), span=span))
    assert [g.find("svg:text", NS).text for g in middle.findall(".//svg:g[@class='workstream']", NS)] == [  # type: ignore[union-attr]
        "DNS SSR", "ICANN Security"
    ]  # fmt: skip

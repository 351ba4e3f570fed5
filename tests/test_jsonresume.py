"""``resume.json`` holds the whole CV: every section page's entries in the JSON Resume part that
fits, read back with jsonschema against the published schema.

The real site's expectations come from the MyST pages through :mod:`sources` (regular
expressions, not our directive); the test root's are written out in full.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
import sources
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from cv.web import jsonresume

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "resume-schema.json").read_text())

#: The part each section page of the real CV fills, pages in the order the part lists them,
#: and the part's names for the title and the organisation. Written out here, not taken from
#: the extension, so that a page dropped from its defaults fails.
REAL_PARTS = {
    "work": (["experience", "teaching"], "position", "name"),
    "volunteer": (["service", "activities"], "position", "organization"),
    "projects": (["projects", "talks"], "name", "entity"),
    "awards": (["awards"], "title", "awarder"),
    "education": (["education"], "", "institution"),  # the title is split: see part_title
}
#: Parts with one date field; the others give a range.
ONE_DATE = {"awards": "date", "publications": "releaseDate"}


def validate(document: dict[str, Any]) -> None:
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())


def part_title(part: str, item: dict[str, Any], key: str) -> str:
    """The entry's title as the page gives it; education splits it into degree and field."""
    if part == "education":
        return ", ".join(filter(None, [item["studyType"], item.get("area")]))
    return item[key]


def expected_dates(part: str, entry: sources.Entry) -> list[dict[str, str]]:
    """The dates of an entry's JSON Resume items, one item per date of a ``:date:`` list: as
    written, in ISO 8601, none invented."""
    dates = entry.datetimes()
    if "date" in entry.options:
        if part in ONE_DATE:
            return [{ONE_DATE[part]: date} for date in dates]
        return [{"startDate": date, "endDate": date} for date in dates]
    if part in ONE_DATE:
        return [{ONE_DATE[part]: dates[0]} if dates else {}]
    return [dict(zip(["startDate", "endDate"], dates, strict=False))]  # no end: ongoing


def dates_of(item: dict[str, Any]) -> dict[str, str]:
    return {
        key: item[key] for key in ("date", "releaseDate", "startDate", "endDate") if key in item
    }


def test_the_cv_resume_holds_every_section(site_html: Path) -> None:
    resume = json.loads((site_html / "resume.json").read_text())
    validate(resume)
    listed = [page for pages, _, _ in REAL_PARTS.values() for page in pages]
    # Every section page with entries fills a part: a new page must be given one here too.
    with_entries = {
        page.removeprefix("sections/") for page in sources.pages() if sources.entries(page)
    }
    assert with_entries == {*listed, "patents"}
    for part, (pages, title, org) in REAL_PARTS.items():
        written = [
            (page, entry, dates)
            for page in pages
            for entry in sources.entries(f"sections/{page}")
            for dates in expected_dates(part, entry)
        ]
        items = resume[part]
        assert len(items) == len(written), part
        for item, (page, entry, dates) in zip(items, written, strict=True):
            assert part_title(part, item, title) == entry.title, (page, entry.title)
            assert item.get(org) == entry.options.get("org"), (page, entry.title)
            assert dates_of(item) == dates, (page, entry.title)
            # Talks are projects of type "talk"; the projects page's entries have no type.
            assert item.get("type") == ("talk" if page == "talks" else None), (page, entry.title)
    # The Dean's List, given four times, is four awards.
    deans = [award["date"] for award in resume["awards"] if award["title"] == "Dean's List"]
    assert deans == ["2012-04", "2012-10", "2013-04", "2013-10"]

    # Patents follow the papers among the publications: the office and number as publisher.
    papers = sources.bibliography().entries
    patents = sources.entries("sections/patents")
    assert len(patents) == 2
    assert len(resume["publications"]) == len(papers) + len(patents)
    for item, entry in zip(resume["publications"][len(papers) :], patents, strict=True):
        assert item == {
            "name": entry.title,
            "publisher": entry.options["org"],
            **expected_dates("publications", entry)[0],
            "summary": "Granted.",  # the page's text; the source gives no address
        }


def test_the_cv_talks_teaching_and_activities_as_written(site_html: Path) -> None:
    """A few items in full, from the pages: nothing added that the pages do not say."""
    resume = json.loads((site_html / "resume.json").read_text())
    talks = [item for item in resume["projects"] if item.get("type") == "talk"]
    assert talks[0] == {
        "name": "Chakra and ASTRA-sim: An Open-source Ecosystem for Advancing Co-design for "
        "Future AI Systems",
        "entity": "AI & Systems Co-design Faculty Summit",
        "type": "talk",
        "startDate": "2023-10",
        "endDate": "2023-10",
        "description": "On behalf of Tushar Krishna.",
    }
    # "Fall 2017" is a term of 2017: the year, not a month the page does not give.
    assert {
        "position": "Teaching Assistant for Computer Organization",
        "name": "KAIST",
        "startDate": "2017",
        "endDate": "2017",
    } in resume["work"]
    assert resume["volunteer"][-1] == {
        "position": "Vice President",
        "organization": "Computer Security Research Club, Sungkyunkwan University",
        "startDate": "2011-03",
        "endDate": "2011-06",
    }


# -- A test root of the new parts --------------------------------------------------------------


def built_resume(app: SphinxTestApp) -> dict[str, Any]:
    """Build without a warning; the ``resume.json`` written, valid against the schema."""
    app.build()
    assert app.warning.getvalue() == ""
    resume = json.loads((app.outdir / "resume.json").read_text())
    validate(resume)
    return resume


@pytest.mark.sphinx("html", testroot="jsonresume", freshenv=True)
def test_talks_patents_teaching_activities(app: SphinxTestApp) -> None:
    """The default sections, on pages of those names: each part as the schema names its fields."""
    resume = built_resume(app)
    assert resume["work"] == [
        {"position": "Teaching Assistant for Example Studies", "name": "Example University",
         "startDate": "2019", "endDate": "2019"},
        {"position": "Lecturer", "name": "Example College", "startDate": "2020-01",
         "endDate": "2020-06", "summary": "Taught a course on examples."},
    ]  # fmt: skip
    assert resume["projects"] == [
        {"name": "Examples at Scale", "entity": "ExampleConf & <Co>", "type": "talk",
         "startDate": "2023-05", "endDate": "2023-05", "description": "Keynote.",
         "highlights": ["Slides: example.org/slides"]},
        {"name": "Examples, Again", "entity": "Example Workshop", "type": "talk",
         "startDate": "2022-10", "endDate": "2022-10"},
        {"name": "Examples, Again", "entity": "Example Workshop", "type": "talk",
         "startDate": "2021-03", "endDate": "2021-03"},
        {"name": "An Undated Talk", "type": "talk"},
    ]  # fmt: skip
    assert resume["publications"] == [
        {"name": "Method for Making Examples", "publisher": "XX 0000001",
         "releaseDate": "2022-02-03", "summary": "Granted."},
        {"name": "Apparatus for Examples", "publisher": "Example Patent Office"},
    ]  # fmt: skip
    assert resume["volunteer"] == [
        {"position": "President", "organization": "Example Club", "startDate": "2015-09",
         "endDate": "2016-06"},
        {"position": "Member", "organization": "Example Society", "startDate": "2017-01"},
    ]  # fmt: skip
    assert set(resume) == {"$schema", "basics", "work", "projects", "publications", "volunteer"}


@pytest.mark.sphinx(
    "html",
    testroot="jsonresume",
    freshenv=True,
    confoverrides={"cv_jsonresume_sections": {"sections/talks": "talks"}},
)
def test_sections_stay_configurable(app: SphinxTestApp) -> None:
    """A page left out of ``cv_jsonresume_sections`` fills no part."""
    resume = built_resume(app)
    assert [item["name"] for item in resume["projects"]] == [
        "Examples at Scale", "Examples, Again", "Examples, Again", "An Undated Talk",
    ]  # fmt: skip
    assert set(resume) == {"$schema", "basics", "projects"}


@pytest.mark.parametrize(
    "value",
    [{"sections/talks": "speaking"}, {"sections/talks": "Talks"}, {"sections/talks": None}, []],
)
def test_an_unknown_part_is_a_config_error(value: Any) -> None:
    config = SimpleNamespace(cv_jsonresume_sections=value)
    with pytest.raises(ConfigError, match=r"cv_jsonresume_sections must map page names to one of"):
        jsonresume.check_sections(None, config)  # type: ignore[arg-type]


def test_every_part_is_allowed_by_the_check() -> None:
    config = SimpleNamespace(
        cv_jsonresume_sections={f"p/{part}": part for part in jsonresume.PARTS}
    )
    jsonresume.check_sections(None, config)  # type: ignore[arg-type]
    assert set(jsonresume.DEFAULT_SECTIONS.values()) <= {*jsonresume.PARTS, "skills"}


# -- Any entry -----------------------------------------------------------------------------


#: ISO 8601 dates at the three precisions the directive gives, in the years the schema allows.
iso_dates = st.builds(
    lambda day, precision: day.isoformat()[:precision],
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)),
    st.sampled_from([4, 7, 10]),
)


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    """What :func:`cv.jsonresume.entry_data` gives for an entry: a date list, a range or none."""
    when = draw(st.sampled_from(["dates", "range", "ongoing", "none"]))
    dates = draw(st.lists(iso_dates, min_size=1, max_size=4)) if when == "dates" else []
    start, end = sorted(draw(st.lists(iso_dates, min_size=2, max_size=2)))
    return {
        "title": draw(st.text(min_size=1)),
        "org": draw(st.text()),
        "start": start if when in ("range", "ongoing") else "",
        "end": end if when == "range" else "",
        "dates": dates,
        "summary": draw(st.text()),
        "highlights": draw(st.lists(st.text(min_size=1), max_size=3)),
    }


@settings(max_examples=60, deadline=None)
@given(part=st.sampled_from(sorted(jsonresume.PARTS)), written=st.lists(entries(), max_size=4))
def test_any_entries_give_valid_items(part: str, written: list[dict[str, Any]]) -> None:
    """Whatever a page holds, every entry is in the part (one item per date) and valid."""
    document = jsonresume.resume({"name": "Jane Doe"}, {"p": written}, {"p": part}, [])
    validate(document)
    key = jsonresume.PARTS[part].key
    items = document.get(key, [])
    assert len(items) == sum(max(1, len(entry["dates"])) for entry in written)
    titles = [entry["title"] for entry in written for _ in entry["dates"] or [None]]
    assert [part_title(part, item, jsonresume.PARTS[part].title) for item in items] == titles

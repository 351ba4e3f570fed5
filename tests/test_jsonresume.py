"""``resume.json`` holds the whole CV: every section page's entries in the JSON Resume part that
fits, read back with jsonschema against the published schema.

The test root's expectations are written out in full; the CV's own resume.json is checked in
tests/cv/test_cv_site.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from cv.web import jsonresume

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "resume-schema.json").read_text())


def validate(document: dict[str, Any]) -> None:
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())


def part_title(part: str, item: dict[str, Any], key: str) -> str:
    """The entry's title as the page gives it; education splits it into degree and field."""
    if part == "education":
        return ", ".join(filter(None, [item["studyType"], item.get("area")]))
    return item[key]


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

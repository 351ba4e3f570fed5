"""JSON-LD: valid schema.org data for the owner and each paper, that no field can break out of."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from sphinx.util.inventory import InventoryFile

SCRIPT_TITLE = 'Ends </script><script>alert(1)</script> & "quotes"'


def jsonld(page: Path) -> list[dict[str, Any]]:
    """Every JSON-LD graph of a page, parsed (json.loads fails on anything that is not JSON)."""
    soup = BeautifulSoup(page.read_text(), "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


def month_warning(app: SphinxTestApp) -> str:
    """The fixture's one warning: cv.publications reports the bad month (JSON-LD keeps the year)."""
    return (
        f"{app.srcdir / 'papers.bib'}:22: WARNING: doe2022month: month 'Smarch' is not a month; "
        "write it as jan, feb, ... [cv.field]\n"
    )


@pytest.mark.sphinx("html", testroot="jsonld", freshenv=True)
def test_person_and_papers(app: SphinxTestApp) -> None:
    app.build()
    assert strip_escape_sequences(app.warning.getvalue()) == month_warning(app)

    assert jsonld(app.outdir / "index.html") == [
        {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "Person",
                    "name": "Jane Doe",
                    "jobTitle": "Research Scientist",
                    "worksFor": {"@type": "Organization", "name": "Example Labs & <Co>"},
                }
            ],
        }
    ]

    [papers] = jsonld(app.outdir / "papers.html")
    assert papers["@context"] == "https://schema.org"
    fake, script, month = papers["@graph"]
    assert fake == {
        "@type": "ScholarlyArticle",
        "@id": "#doe2024fake",
        "url": "#doe2024fake",
        "headline": "FAKE: A Fake Paper on Example Systems",
        "name": "FAKE: A Fake Paper on Example Systems",
        "author": [
            {"@type": "Person", "name": "Jane Doe"},
            {"@type": "Person", "name": "Richard Roe"},
            {"@type": "Person", "name": "Ayşe Öztürk"},
        ],
        "datePublished": "2024-06",
        "isPartOf": {"@type": "CreativeWork", "name": "Workshop on Examples & Tests"},
        "pagination": "1–10",
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.5555/fake.2024"},
    }
    # No invented data: no month, no DOI, no address beyond the paper's own anchor.
    assert script == {
        "@type": "ScholarlyArticle",
        "@id": "#doe2023script",
        "url": "#doe2023script",
        "headline": SCRIPT_TITLE,
        "name": SCRIPT_TITLE,
        "author": [{"@type": "Person", "name": "Jane Doe"}],
        "datePublished": "2023",
        "isPartOf": {"@type": "Periodical", "name": "Journal of Examples"},
    }
    assert month["datePublished"] == "2022"
    assert month["isPartOf"] == {"@type": "CreativeWork", "name": "arXiv"}
    # Every anchor exists on the page, and the JSON-LD title is the label's text.
    soup = BeautifulSoup((app.outdir / "papers.html").read_text(), "html.parser")
    labels = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="")
    for paper in papers["@graph"]:
        key = paper["url"].removeprefix("#")
        assert soup.find(id=key) is not None
        assert labels["std:label", key].display_name == paper["name"]


@pytest.mark.sphinx("html", testroot="jsonld", freshenv=True)
def test_a_field_cannot_close_the_script(app: SphinxTestApp) -> None:
    app.build()
    assert strip_escape_sequences(app.warning.getvalue()) == month_warning(app)
    html = (app.outdir / "papers.html").read_text()
    head = html[: html.index("</head>")]
    start = head.index('<script type="application/ld+json">')
    body = head[start : head.index("</script>", start)]
    # The only "</script>" after the start tag is the script's own end tag; the data is escaped.
    assert "<" not in body.removeprefix('<script type="application/ld+json">')
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026" in body
    assert "<script>alert(1)</script>" not in html


@pytest.mark.sphinx(
    "html",
    testroot="jsonld",
    freshenv=True,
    confoverrides={"html_baseurl": "https://example.org/cv/"},
)
def test_absolute_urls_with_a_base_url(app: SphinxTestApp) -> None:
    app.build()
    assert strip_escape_sequences(app.warning.getvalue()) == month_warning(app)
    [person] = jsonld(app.outdir / "index.html")[0]["@graph"]
    assert person["url"] == "https://example.org/cv/"
    urls = [paper["url"] for paper in jsonld(app.outdir / "papers.html")[0]["@graph"]]
    assert urls == [
        "https://example.org/cv/papers.html#doe2024fake",
        "https://example.org/cv/papers.html#doe2023script",
        "https://example.org/cv/papers.html#doe2022month",
    ]


@pytest.mark.sphinx("latex", testroot="jsonld", freshenv=True)
def test_latex_is_untouched(app: SphinxTestApp) -> None:
    app.build()
    assert strip_escape_sequences(app.warning.getvalue()) == month_warning(app)
    assert "schema.org" not in (app.outdir / "janedoe.tex").read_text()


@pytest.mark.parametrize(
    "person",
    [{"email": "jane@example.org"}, {"jobTitle": ""}, {"worksFor": ["Example Labs"]}, ["Jane"]],
)
def test_a_bad_person_is_a_config_error(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], person: object
) -> None:
    srcdir = root_copy("jsonld")
    with pytest.raises(ConfigError) as error:
        make_app("html", srcdir=srcdir, confoverrides={"cv_jsonld_person": person})
    assert str(error.value) == (
        f"cv_jsonld_person must map some of jobTitle, worksFor to non-empty text, got {person!r}"
    )

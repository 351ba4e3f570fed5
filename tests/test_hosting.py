"""Hosting: the PDF link finds Read the Docs' download URL, or is left out; never broken."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from cv.web.hosting import readthedocs_pdf_url

RTD = {
    "READTHEDOCS": "True",
    "READTHEDOCS_PROJECT": "jane-doe-cv",
    "READTHEDOCS_LANGUAGE": "en",
    "READTHEDOCS_VERSION": "latest",
    "READTHEDOCS_VERSION_TYPE": "branch",
    "READTHEDOCS_CANONICAL_URL": "https://cv.example.org/en/latest/",
}


@pytest.mark.parametrize(
    ("changes", "url"),
    [
        ({}, "https://cv.example.org/_/downloads/en/latest/pdf/"),
        (
            {
                "READTHEDOCS_VERSION": "v2.0",
                "READTHEDOCS_CANONICAL_URL": "http://x.example.org/en/v2.0",
            },
            "http://x.example.org/_/downloads/en/v2.0/pdf/",
        ),
        # A single-version project is served at the domain's root.
        (
            {"READTHEDOCS_CANONICAL_URL": "https://cv.example.org/"},
            "https://cv.example.org/_/downloads/en/latest/pdf/",
        ),
        # Pull-request builds have no PDF; a subproject's downloads live elsewhere.
        ({"READTHEDOCS_VERSION_TYPE": "external"}, ""),
        ({"READTHEDOCS_CANONICAL_URL": "https://example.org/projects/cv/en/latest/"}, ""),
        ({"READTHEDOCS_CANONICAL_URL": "javascript:alert(1)//en/latest/"}, ""),
        ({"READTHEDOCS_CANONICAL_URL": ""}, ""),
    ],
)
def test_readthedocs_pdf_url(changes: dict[str, str], url: str) -> None:
    assert readthedocs_pdf_url({**RTD, **changes}) == url


def test_readthedocs_pdf_url_off_readthedocs() -> None:
    assert readthedocs_pdf_url({}) == ""


@pytest.fixture
def on_readthedocs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the Docs' variables, set before the ``app`` fixture that reads them."""
    for name, value in RTD.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def off_readthedocs(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in RTD:
        monkeypatch.delenv(name, raising=False)


def pdf_links(app: SphinxTestApp) -> list[tuple[str, str]]:
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    return [(a.get_text(), a["href"]) for a in soup.find_all("a", class_="cv-pdf-link")]


@pytest.mark.sphinx("html", testroot="hosting", freshenv=True)
def test_link_on_readthedocs(on_readthedocs: None, app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    url = "https://cv.example.org/_/downloads/en/latest/pdf/"
    assert pdf_links(app) == [("Download this CV as PDF", url), ("Download this CV as PDF", url)]


@pytest.mark.sphinx(
    "html",
    testroot="hosting",
    freshenv=True,
    confoverrides={"cv_pdf_url": "https://example.org/cv.pdf"},
)
def test_link_to_configured_url(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert pdf_links(app)[0] == ("Download this CV as PDF", "https://example.org/cv.pdf")


@pytest.mark.sphinx("html", testroot="hosting", freshenv=True)
def test_no_link_without_a_pdf(off_readthedocs: None, app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert pdf_links(app) == []
    assert "Download" not in (app.outdir / "index.html").read_text()


@pytest.mark.sphinx(
    "latex",
    testroot="hosting",
    freshenv=True,
    confoverrides={"cv_pdf_url": "https://example.org/cv.pdf"},
)
def test_the_pdf_does_not_link_to_itself(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "janedoe.tex").read_text()
    assert "Research scientist at Example Labs." in tex
    assert "Download" not in tex
    assert "example.org/cv.pdf" not in tex


@pytest.mark.parametrize("url", ["javascript:alert(1)", "cv.pdf", "ftp://example.org/cv.pdf"])
def test_a_bad_url_is_a_config_error(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], url: str
) -> None:
    srcdir = root_copy("hosting")
    with pytest.raises(ConfigError) as error:
        make_app("html", srcdir=srcdir, confoverrides={"cv_pdf_url": url})
    assert str(error.value) == (
        f"cv_pdf_url must be an http:// or https:// address, got {url!r}; "
        "set it to the PDF's public address, or to '' for no link"
    )

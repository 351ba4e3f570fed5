"""sphinxcontrib-bibtex's citation roles link to the papers in our lists, in HTML and in LaTeX."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="citations", freshenv=True)
def test_cite_roles_link_to_the_list(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    cites = soup.select("span.bibtex-citation")
    assert [cite.get_text() for cite in cites] == ["[ICE 2024]", "Doe [Doe 2023]"]
    links = [cite.find("a") for cite in cites]
    assert [link["href"] for link in links] == [
        "papers.html#doe2024alpha",
        "papers.html#doe2023beta",
    ]
    # The tooltip is the paper's title.
    assert [link["title"] for link in links] == ["Alpha", "Beta"]
    papers = BeautifulSoup((app.outdir / "papers.html").read_text(), "html.parser")
    assert papers.find("li", id="doe2024alpha") is not None


def test_a_rebuild_links_the_citations_as_before(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """A rebuild that reads a page citing papers again (the citations are not kept in the
    environment, cv.speed: citations_unstored) links them as before."""
    srcdir = root_copy("citations")
    app = make_app("html", srcdir=srcdir)
    app.build()
    first = (app.outdir / "index.html").read_text()
    index = srcdir / "index.md"
    index.write_text(index.read_text() + "\nEdited.\n")
    app.cleanup()
    again = make_app("html", srcdir=srcdir)
    read: set[str] = set()
    again.connect("env-before-read-docs", lambda _app, _env, docnames: read.update(docnames))
    again.build()
    assert read == {"index"}
    assert again.warning.getvalue() == ""
    html = (again.outdir / "index.html").read_text()
    assert html.replace("<p>Edited.</p>\n", "") == first
    assert 'href="papers.html#doe2024alpha" title="Alpha"' in html


@pytest.mark.sphinx("latex", testroot="citations", freshenv=True)
def test_cite_roles_link_in_latex(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "janedoe.tex").read_text()
    links = re.findall(r"\\hyperlink\{(cite\.[^}]*)\}", tex)
    targets = re.findall(r"\\hypertarget\{(cite\.[^}]*)\}", tex)
    assert links == ["cite.papers:doe2024alpha", "cite.papers:doe2023beta"]
    assert sorted(targets) == sorted(links)


def test_a_paper_no_list_shows_cannot_be_cited(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("citations")
    (srcdir / "papers.md").write_text("# Papers\n\n:::{publications}\n:kind: journal\n:::\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = app.warning.getvalue()
    assert 'could not find bibtex key "doe2024alpha" [bibtex.key_not_found]' in warnings

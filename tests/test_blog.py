"""Cross-referencing: other sites link to a CV by name, through objects.inv or a permalink.

A separate blog (ablog, tests/roots/test-blog) lists a made-up CV (tests/roots/test-blog-cv) in
its ``intersphinx_mapping`` and is built with -W -n: every reference resolves, each link points
at an element that exists in the built CV and shows the target's title.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from conftest import build_blog, inventory
from sphinx.testing.util import SphinxTestApp

CV_URL = "https://cv.example.org/en/latest/"
ALPHA = "Alpha: a Study of Fake Things"
TOOLKIT = "Example Toolkit: Fake Things, Quickly"
TALK = "Examples at Scale"
GAMMA = "Gamma, as DBLP Exports It"


def links_to_cv(page: Path) -> list[tuple[str, str]]:
    """(address, text) of every link from a blog page to the CV site."""
    soup = BeautifulSoup(page.read_text(), "html.parser")
    return [
        (a["href"], " ".join(a.get_text().split()))
        for a in soup.find_all("a", href=True)
        if a["href"].startswith(CV_URL)
    ]


def target(site: Path, href: str) -> tuple[Path, str]:
    """The built file and element id a link to the CV site points at."""
    parts = urlsplit(href.removeprefix(CV_URL))
    return site / parts.path, parts.fragment


def built_cv(make_app: Callable[..., SphinxTestApp], srcdir: Path) -> Path:
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()  # its output stays; another app may build after it
    return app.outdir


def test_every_page_section_entry_and_paper_has_a_name(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    site = built_cv(make_app, root_copy("blog-cv"))
    objects = inventory(site)
    for page, title in (("sections/talks", "Talks"), ("sections/publications", "Publications")):
        assert objects["std:doc", page] == (f"{page}.html", title)
    assert objects["std:label", "talk-example-2024"] == (
        "sections/talks.html#talk-example-2024",
        TALK,
    )
    assert objects["std:label", "project-example"] == (
        "sections/projects.html#project-example",
        TOOLKIT,
    )
    assert objects["std:label", "doe2024alpha"] == ("papers/doe2024alpha.html", ALPHA)
    # A key as DBLP writes it is listed as written, besides Sphinx's lower-case label.
    uri, title = objects["std:label", "DBLP:conf/isca/DoeMM25"]
    assert (uri, title) == objects["std:label", "dblp:conf/isca/doemm25"]
    assert uri.startswith("papers/")
    assert title == GAMMA


def test_a_blog_links_to_the_cv_by_name(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    site = built_cv(make_app, root_copy("blog-cv"))
    blog = build_blog(site, tmp_path / "blog")
    paper = f"{CV_URL}papers/doe2024alpha.html"
    # DBLP's key, as written: its page is named after it (cv.web.paperstore).
    dblp = f"{CV_URL}{inventory(site)['std:label', 'DBLP:conf/isca/DoeMM25'][0]}"
    expected = {
        "posts/myst.html": [
            (paper, ALPHA),
            (paper, "the ICE paper"),
            (paper, ALPHA),
            (paper, "the ICE paper"),
            (dblp, GAMMA),
            (dblp, GAMMA),
            (f"{CV_URL}sections/projects.html#project-example", TOOLKIT),
            (f"{CV_URL}sections/talks.html#talk-example-2024", TALK),
            (f"{CV_URL}sections/talks.html", "Talks"),
            (f"{CV_URL}sections/publications.html", "Publications"),
        ],
        "posts/rest.html": [
            (paper, ALPHA),
            (paper, "the ICE paper"),
            (dblp, GAMMA),
            (f"{CV_URL}sections/projects.html#project-example", TOOLKIT),
            (f"{CV_URL}sections/talks.html#talk-example-2024", TALK),
            (f"{CV_URL}sections/talks.html", "Talks"),
        ],
    }
    for post, links in expected.items():
        assert links_to_cv(blog / post) == links
        for href, text in links:
            path, anchor = target(site, href)
            soup = BeautifulSoup(path.read_text(), "html.parser")
            element = soup.find(id=anchor) if anchor else soup.find("h1")
            assert element is not None, href
            assert text == "the ICE paper" or text in element.get_text().replace("¶", ""), href


def test_a_removed_papers_names_go(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("blog-cv")
    built_cv(make_app, srcdir)
    bib = srcdir / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text[: text.index("@inproceedings{DBLP:")], encoding="utf-8")
    objects = inventory(built_cv(make_app, srcdir))  # the same environment, read again
    assert ("std:label", "doe2024alpha") in objects
    assert not [name for kind, name in objects if "doemm25" in name.lower()]

"""Cross-referencing: other sites link to the CV by name, through objects.inv or a permalink.

A separate blog (ablog, tests/roots/test-blog) lists the freshly built site in its
``intersphinx_mapping`` and is built with -W -n: every reference resolves, each link points at
an element that exists in the built site and shows the target's title.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from sphinx.util.inventory import InventoryFile

CV_URL = "https://cv.example.org/en/latest/"
BLOG = Path(__file__).resolve().parent / "roots" / "test-blog"


def inventory(site: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(type, name) -> (uri, display name) of every object in a built site's objects.inv."""
    inv = InventoryFile.loads((site / "objects.inv").read_bytes(), uri="")
    return {
        (objtype, name): (item.uri, item.display_name)
        for objtype, items in inv.data.items()
        for name, item in items.items()
    }


def cv_entries(site: Path, page: str) -> dict[str, str]:
    """HTML id -> title of every CV entry on a built page."""
    soup = BeautifulSoup((site / page).read_text(), "html.parser")
    return {
        entry["id"]: entry.find(class_="cv-entry-title").get_text()
        for entry in soup.find_all("div", class_="cv-entry")
    }


def test_every_section_page_is_a_std_doc(site_html: Path) -> None:
    objects = inventory(site_html)
    pages = sorted(
        path.relative_to(REPO).with_suffix("").as_posix() for path in REPO.glob("sections/*.md")
    )
    assert pages
    for page in pages:
        uri, title = objects["std:doc", page]
        assert uri == f"{page}.html"
        soup = BeautifulSoup((site_html / uri).read_text(), "html.parser")
        assert title == soup.find("h1").get_text().rstrip("#¶ ")


@pytest.mark.parametrize("page", ["sections/projects.html", "sections/talks.html"])
def test_every_project_and_talk_is_a_std_label(site_html: Path, page: str) -> None:
    objects = inventory(site_html)
    entries = cv_entries(site_html, page)
    assert len(entries) >= 10
    for anchor, title in entries.items():
        assert objects["std:label", anchor] == (f"{page}#{anchor}", title)


def build_blog(site: Path, outdir: Path) -> Path:
    """Build the blog with -W -n against the site's objects.inv; return its HTML folder."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-b", "html"),
            *("-d", str(outdir / ".doctrees"), str(BLOG), str(outdir / "html")),
        ],
        env={**os.environ, "CV_INVENTORY": str(site / "objects.inv")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return outdir / "html"


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


CHAKRA = "Chakra: Advancing Benchmarking and Codesign with Standardized Execution Traces"


def test_a_blog_links_to_the_cv_by_name(site_html: Path, tmp_path: Path) -> None:
    blog = build_blog(site_html, tmp_path / "blog")
    expected = {
        "posts/myst.html": [
            (f"{CV_URL}sections/projects.html#project-chakra", CHAKRA),
            (f"{CV_URL}sections/talks.html", "Talks"),
            (f"{CV_URL}sections/talks.html#talk-asplos-2023", "ASTRA-sim Tutorial"),
            (f"{CV_URL}sections/publications.html", "Publications"),
        ],
        "posts/rest.html": [
            (f"{CV_URL}sections/projects.html#project-chakra", CHAKRA),
            (f"{CV_URL}sections/talks.html", "Talks"),
            (f"{CV_URL}sections/talks.html#talk-asplos-2023", "ASTRA-sim Tutorial"),
        ],
    }
    for post, links in expected.items():
        assert links_to_cv(blog / post) == links
        for href, text in links:
            path, anchor = target(site_html, href)
            soup = BeautifulSoup(path.read_text(), "html.parser")
            element = soup.find(id=anchor) if anchor else soup.find("h1")
            assert element is not None, href
            assert text in element.get_text(), href

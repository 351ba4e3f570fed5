"""Cross-referencing: other sites link to the CV by name, through objects.inv or a permalink.

A separate blog (ablog, tests/roots/test-blog) lists the freshly built site in its
``intersphinx_mapping`` and is built with -W -n: every reference resolves, each link points at
an element that exists in the built site and shows the target's title.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sources
from bs4 import BeautifulSoup
from conftest import REPO
from sphinx.util.inventory import InventoryFile

from bench.sites import copy_project

CV_URL = "https://cv.example.org/en/latest/"
NEW_PAPER = """
@inproceedings{doe2099new,
  author     = {Doe, Jane and Heo, Taekyung},
  title      = {A Fake Paper Newer than All Others},
  booktitle  = {Conference on Examples},
  year       = {2099},
  month      = dec,
  kind       = {conference},
  shortvenue = {CoE},
}
"""
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


def build_blog(site: Path, outdir: Path, source: Path = BLOG) -> Path:
    """Build the blog with -W -n against the site's objects.inv; return its HTML folder."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-b", "html"),
            *("-d", str(outdir / ".doctrees"), str(source), str(outdir / "html")),
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


# What the blog (a test root) cites of the CV, with the titles read from the CV's sources.
CHAKRA = sources.named_entry("sections/projects", "project-chakra").title
TUTORIAL = sources.named_entry("sections/talks", "talk-asplos-2023").title
TRUSTED = sources.papers()["heo2024trusted"]["title"]
#: A paper's label leads to its own page (issue 12).
TRUSTED_URL = f"{CV_URL}papers/heo2024trusted.html"


def test_a_blog_links_to_the_cv_by_name(site_html: Path, tmp_path: Path) -> None:
    blog = build_blog(site_html, tmp_path / "blog")
    expected = {
        "posts/myst.html": [
            (TRUSTED_URL, TRUSTED),
            (TRUSTED_URL, "the ISMM paper"),
            (TRUSTED_URL, TRUSTED),
            (TRUSTED_URL, "the ISMM paper"),
            (f"{CV_URL}sections/projects.html#project-chakra", CHAKRA),
            (f"{CV_URL}sections/talks.html#talk-asplos-2023", TUTORIAL),
            (f"{CV_URL}sections/talks.html", "Talks"),
            (f"{CV_URL}sections/publications.html", "Publications"),
        ],
        "posts/rest.html": [
            (TRUSTED_URL, TRUSTED),
            (TRUSTED_URL, "the ISMM paper"),
            (f"{CV_URL}sections/projects.html#project-chakra", CHAKRA),
            (f"{CV_URL}sections/talks.html#talk-asplos-2023", TUTORIAL),
            (f"{CV_URL}sections/talks.html", "Talks"),
        ],
    }
    for post, links in expected.items():
        assert links_to_cv(blog / post) == links
        for href, text in links:
            path, anchor = target(site_html, href)
            soup = BeautifulSoup(path.read_text(), "html.parser")
            element = soup.find(id=anchor) if anchor else soup.find("h1")
            assert element is not None, href
            assert text == "the ISMM paper" or text in element.get_text(), href


def test_a_blog_can_cite_every_paper(site_html: Path, tmp_path: Path) -> None:
    """One post cites every paper of the .bib by key, in both MyST forms."""
    keys = list(sources.bibliography().entries)
    assert len(keys) >= 12
    source = tmp_path / "blog-source"
    shutil.copytree(BLOG, source)
    lines = [f"- {{external+cv:ref}}`{key}` and <inv:cv#{key}>" for key in keys]
    (source / "posts" / "every-paper.md").write_text(
        "---\nblogpost: true\ndate: 2026-11-03\n---\n\n# Every paper\n\n" + "\n".join(lines)
    )
    blog = build_blog(site_html, tmp_path / "blog", source)
    links = links_to_cv(blog / "posts" / "every-paper.html")
    assert [href for href, _ in links] == [
        f"{CV_URL}papers/{key}.html" for key in keys for _ in range(2)
    ]
    objects = inventory(site_html)
    listing = BeautifulSoup((site_html / "sections/publications.html").read_text(), "html.parser")
    for (href, text), key in zip(links, [key for key in keys for _ in range(2)], strict=True):
        path, _ = target(site_html, href)
        assert objects["std:label", key] == (f"papers/{key}.html", text)
        # The paper's page, titled as the link; the list entry, linked to it, keeps its anchor.
        assert BeautifulSoup(path.read_text(), "html.parser").find("h1").get_text() == f"{text}¶"
        title = listing.find(id=key).find(class_="cv-pub-title")
        assert title.get_text() == text
        assert title.find("a")["href"] == f"../papers/{key}.html"


def test_adding_a_paper_keeps_every_anchor(site_html: Path, tmp_path: Path) -> None:
    """A new paper, newest of all so first in every list, moves no existing name or anchor."""
    source = copy_project(tmp_path / "cv")
    bib = source / "publications.bib"
    bib.write_text(NEW_PAPER + bib.read_text())
    result = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-b", "html"),
            *("-d", str(tmp_path / ".doctrees"), str(source), str(tmp_path / "html")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    before = {
        name: uri for (kind, name), (uri, _) in inventory(site_html).items() if kind == "std:label"
    }
    after = {
        name: uri
        for (kind, name), (uri, _) in inventory(tmp_path / "html").items()
        if kind == "std:label"
    }
    assert set(sources.bibliography().entries) <= set(before)
    assert after == {**before, "doe2099new": "papers/doe2099new.html"}
    page = BeautifulSoup((tmp_path / "html/sections/publications.html").read_text(), "html.parser")
    papers = [item["id"] for item in page.find_all("li", class_="cv-pub")]
    assert papers[0] == "doe2099new"  # first on the page: every other paper moved down one
    assert set(papers) == {name for name, uri in after.items() if uri.startswith("papers/")}


def test_the_docs_list_a_sites_names(site_html: Path) -> None:
    """docs/hosting.md's command for listing a site's objects.inv: tox.ini's [testenv:inventory]."""
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(REPO / "tox.ini")
    command = ini["testenv:inventory"]["commands"].strip().split()
    assert command[:3] == ["python", "-m", "sphinx.ext.intersphinx"]
    assert command[3:] == ["{posargs}"]
    assert "python3 .ci/tox.py -e inventory -- https://" in (REPO / "docs/hosting.md").read_text()
    listing = subprocess.run(
        [sys.executable, *command[1:3], str(site_html / "objects.inv")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "heo2024trusted" in listing
    assert TRUSTED in listing

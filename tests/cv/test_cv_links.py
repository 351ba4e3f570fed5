"""The CV's names: every paper can be cited by its key as written, and a new paper moves none.

A blog (tests/roots/test-blog) cites every paper of the CV's .bib through intersphinx, in both
MyST forms, and is built with -W -n against the freshly built site.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import sources
from bs4 import BeautifulSoup
from conftest import REPO, build_blog, inventory

from bench.sites import copy_project

CV_URL = "https://cv.example.org/en/latest/"
BLOG = REPO / "tests" / "roots" / "test-blog"


def test_a_blog_can_cite_every_paper_by_its_key(site_html: Path, tmp_path: Path) -> None:
    """One post cites every paper of the .bib by its key as written, in both MyST forms."""
    keys = list(sources.papers())
    source = tmp_path / "blog-source"
    shutil.copytree(BLOG, source)
    for post in (source / "posts").iterdir():
        post.unlink()  # the root's posts cite a made-up CV
    lines = [f"- {{external+cv:ref}}`{key}` and <inv:cv#{key}>" for key in keys]
    (source / "posts" / "every-paper.md").write_text(
        "---\nblogpost: true\ndate: 2026-11-03\n---\n\n# Every paper\n\n" + "\n".join(lines),
        encoding="utf-8",
    )
    blog = build_blog(site_html, tmp_path / "blog", source)
    soup = BeautifulSoup((blog / "posts" / "every-paper.html").read_text(), "html.parser")
    links = [
        (a["href"], a.get_text())
        for a in soup.find_all("a", href=True)
        if a["href"].startswith(CV_URL)
    ]
    assert len(links) == 2 * len(keys)
    for (href, text), key in zip(links, [key for key in keys for _ in range(2)], strict=True):
        page = site_html / urlsplit(href.removeprefix(CV_URL)).path
        title = sources.papers()[key]["title"]
        assert text == title, key
        assert BeautifulSoup(page.read_text(), "html.parser").find("h1").get_text() == f"{title}¶"


NEW_PAPER = """
@inproceedings{{doe2099new,
  author     = {{Doe, Jane and {owner}}},
  title      = {{A Fake Paper Newer than All Others}},
  booktitle  = {{Conference on Examples}},
  year       = {{2099}},
  month      = dec,
  kind       = {{conference}},
  shortvenue = {{CoE}},
}}
"""


def test_adding_a_paper_keeps_every_name_and_address(site_html: Path, tmp_path: Path) -> None:
    """A new paper, newer than all others, moves no existing name or address."""
    source = copy_project(tmp_path / "cv")
    bib = source / sources.conf()["bibtex_bibfiles"][0]
    bib.write_text(NEW_PAPER.format(owner=sources.owner()) + bib.read_text(encoding="utf-8"))
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
    before = {name: uri for (kind, name), (uri, _) in inventory(site_html).items()}
    after = {name: uri for (kind, name), (uri, _) in inventory(tmp_path / "html").items()}
    new = {name: uri for name, uri in after.items() if name not in before}
    assert set(new) == {"doe2099new"}
    assert {name: after[name] for name in before} == before
    # First in its list: the lists are newest first.
    for page in sources.list_pages():
        soup = BeautifulSoup((tmp_path / "html" / f"{page}.html").read_text(), "html.parser")
        link = soup.select_one(f".cv-pub-title a[href$='{Path(new['doe2099new']).name}']")
        if link is not None:
            assert link.find_parent("ol").select("li.cv-pub")[0] is link.find_parent("li")


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
    for paper in sources.papers().values():
        assert paper["title"] in listing

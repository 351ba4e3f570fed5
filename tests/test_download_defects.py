"""Issue 20: downloads that lost what the page shows, one test each, as a user meets them.

Each test builds a small project of its own through Sphinx only, so that it runs unchanged
against any version of the extension (each failed on 953b956, before a paper's BibTeX had one
writer). What each output should say comes from the .bib, read without the engine
(tests/bibread.py); each output is read by its own reader: the BibTeX by pybtex, RIS by rispy,
CSL-JSON by its schema, the page's tags by BeautifulSoup. All data is made up.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bibread
import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

CONF = """\
project = "Jane Doe"
author = "Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
cv_owner = "Doe, Jane"
suppress_warnings = ["cv.owner"]  # not what these tests are about
"""
PAGE = "# Papers\n\n:::{publications}\n:::\n"


class Built:
    """A built site: each BibTeX text it gives of a paper, and its other outputs."""

    def __init__(self, outdir: Path, bib: str) -> None:
        self.outdir = outdir
        self.entries = bibread.parse(bib)

    def page(self, key: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / "papers" / f"{key}.html").read_text(), "html.parser")

    def bibtex_texts(self, key: str) -> dict[str, str]:
        """The paper's BibTeX texts: the block of its page and of the list, its download."""
        index = BeautifulSoup((self.outdir / "index.html").read_text(), "html.parser")
        return {
            "the page's block": self.page(key).select_one("details.cv-pub-bibtex pre").get_text(),
            "the list's block": index.select_one(f"li[id='{key}'] details pre").get_text(),
            f"papers/{key}.bib": (self.outdir / "papers" / f"{key}.bib").read_text(),
        }

    def bibtex_entries(self, key: str) -> dict[str, Any]:
        """Each BibTeX text of the paper, and its entry in the whole list's, read by pybtex."""
        entries = {}
        for where, text in self.bibtex_texts(key).items():
            [(found, entry)] = bibread.read_bibtex(text).items()
            assert found == key, where
            entries[where] = entry
        whole = bibread.read_bibtex((self.outdir / "publications.bib").read_text())
        entries["publications.bib"] = whole[key]
        return entries

    def says(self, key: str) -> bibread.Said:
        return bibread.said(key, self.entries)


@pytest.fixture
def site(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Callable[[str], Built]:
    """Build a website with this .bib; no warning is expected."""

    def build(bib: str) -> Built:
        srcdir = tmp_path / "src"
        shutil.rmtree(srcdir, ignore_errors=True)
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(CONF)
        (srcdir / "index.md").write_text(PAGE)
        (srcdir / "refs.bib").write_text(bib)
        app = make_app("html", srcdir=srcdir, freshenv=True)
        app.build()
        app.cleanup()
        assert app.warning.getvalue() == ""
        return Built(app.outdir, bib)

    return build


BIBLATEX = """
@article{doe2021,
  author = {Doe, Jane},
  title = {A Paper in biblatex's Data Model},
  journaltitle = {Journal of Examples},
  date = {2021-03-04},
  volume = {7},
  pmid = {12345678},
}
"""


def test_biblatex_fields_reach_every_bibtex_text(site: Callable[[str], Built]) -> None:
    """The page showed journaltitle, date and pmid; the downloads kept author, title, volume."""
    built = site(BIBLATEX)
    for where, entry in built.bibtex_entries("doe2021").items():
        shown = bibread.bibtex_says(entry)
        assert shown.venue == "Journal of Examples", where
        assert shown.years[:1] == ("2021",), where
        assert entry.fields.get("pmid") == "12345678", where
        assert entry.fields.get("volume") == "7", where


CASES = """
@ARTICLE{doe2022,
  AUTHOR = {Doe, Jane and Roe, Richard},
  Title = {A Paper as HAL and BibDesk Write It},
  JOURNAL = {Journal of Examples},
  Year = {2022},
}
"""


def test_field_names_in_any_case_keep_the_authors(site: Callable[[str], Built]) -> None:
    """``AUTHOR = {...}``, ``Author = {...}``: the downloads had no authors at all."""
    built = site(CASES)
    says = built.says("doe2022")
    assert says.authors == ("Doe, Jane", "Roe, Richard")  # pybtex's own reading of the .bib
    for where, entry in built.bibtex_entries("doe2022").items():
        shown = bibread.bibtex_says(entry)
        assert (shown.authors, shown.title, shown.venue, shown.years) == (
            says.authors,
            says.title,
            says.venue,
            says.years,
        ), where


TIES = """
@article{doe2023,
  author = {Doe, Jane~and~Roe and Roe, Richard},
  title = {A Name Joined by Ties},
  journal = {Journal of Examples},
  year = {2023},
}
"""


def test_a_name_joined_by_ties_stays_one_person(site: Callable[[str], Built]) -> None:
    """``Doe, Jane~and~Roe`` is one person in BibTeX; written back with spaces it was two."""
    built = site(TIES)
    says = built.says("doe2023")
    assert len(says.authors) == 2  # pybtex's own reading of the .bib
    for where, entry in built.bibtex_entries("doe2023").items():
        assert bibread.bibtex_says(entry).authors == says.authors, where
    download = built.bibtex_texts("doe2023")["papers/doe2023.bib"]
    assert "{Doe, Jane~and~Roe and Roe, Richard}" in download  # as the .bib wrote it

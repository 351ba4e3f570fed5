"""Issue 20: downloads that lost what the page shows, one test each, as a user meets them.

Each test builds a small project of its own through Sphinx only, so that it runs unchanged
against any version of the extension (each failed on 953b956, before a paper's BibTeX had one
writer). What each output should say comes from the .bib, read without the engine
(tests/bibread.py); each output is read by its own reader: the BibTeX by pybtex, RIS by rispy,
CSL-JSON by its schema, the page's tags by BeautifulSoup. All data is made up.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bibread
import pytest
import rispy
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


MIXED = r"""
@string{joe = {Journal of Examples}}

@Article{doe2021mixed,
  Author = {Doe, Jane~Q. and M{\"u}ller, J{\"o}rg and van~der Berg, Anna and others},
  TITLE = {{\'E}tudes of {DNA}: \emph{Fast} and Zoë},
  JournalTitle = joe,
  Date = {2021-07},
  Pages = {10--20},
}

@inproceedings{roe2020,
  author = {Roe, Jr., Richard and Doe, Jane and {The Example Collaboration}},
  title = {A Conference Paper},
  booktitle = {Proceedings of the Example Conference},
  year = 2020,
  month = {Sept.},
}

@misc{doe2024preprint,
  author = {Doe, Jane},
  title = {A Preprint},
  howpublished = {arXiv},
  year = {2024},
  kind = {preprint},
}
"""


def test_every_output_says_what_the_bib_says(site: Callable[[str], Built]) -> None:
    """One record, every output derived from it: each BibTeX text, RIS, CSL-JSON, the Highwire
    tags, the JSON-LD and JSON Resume say the authors, title, venue and year the .bib says; the
    BibTeX texts are one text."""
    built = site(MIXED)
    keys = list(built.entries)
    outdir = built.outdir
    ris = {
        record["id"]: record for record in rispy.loads((outdir / "publications.ris").read_text())
    }
    items = json.loads((outdir / "publications.json").read_text())
    bibread.validate_csl(items)
    csl = {item["id"]: item for item in items}
    resume = json.loads((outdir / "resume.json").read_text())["publications"]
    whole = (outdir / "publications.bib").read_text()
    assert list(ris) == list(csl) == keys
    for key, listed in zip(keys, resume, strict=False):  # the papers come first, in order
        says = built.says(key)
        texts = built.bibtex_texts(key)
        # One writer: the blocks are the download's text, and the whole list holds it.
        assert texts["the page's block"] + "\n" == texts[f"papers/{key}.bib"] in whole
        assert texts["the list's block"] == texts["the page's block"]
        for where, entry in built.bibtex_entries(key).items():
            shown = bibread.bibtex_says(entry)
            assert (shown.authors, shown.title, shown.venue) == (
                says.authors,
                says.title,
                says.venue,
            ), where
            assert shown.years[:1] == says.years[:1], where
        [own] = rispy.loads((outdir / "papers" / f"{key}.ris").read_text())
        assert own == ris[key]
        bibread.assert_says("RIS", says, ris_found(ris[key]))
        bibread.assert_says("CSL-JSON", says, csl_found(csl[key]))
        page = built.page(key)
        bibread.assert_says("Highwire", says, highwire_found(key, page), suffix=False)
        bibread.assert_says("JSON-LD", says, jsonld_found(key, page))
        assert bibread.same_text(listed["name"], says.full_title), key
        assert listed["releaseDate"][:4] in says.years, key


def ris_found(record: dict[str, Any]) -> dict[str, Any]:
    venue = record.get("journal_name") or record.get("secondary_title", "")
    return {"key": record["id"], "authors": record.get("authors", []), "venue": venue,
            "title": record["title"], "year": record.get("year", "")}  # fmt: skip


def csl_found(item: dict[str, Any]) -> dict[str, Any]:
    parts = ("given", "non-dropping-particle", "family", "suffix")
    names = [
        name.get("literal") or " ".join(name[part] for part in parts if part in name)
        for name in item.get("author", [])
    ]
    return {"key": item["id"], "authors": names, "title": item["title"],
            "venue": item.get("container-title", ""),
            "year": str(item["issued"]["date-parts"][0][0])}  # fmt: skip


def highwire_found(key: str, page: BeautifulSoup) -> dict[str, Any]:
    tags: dict[str, list[str]] = {}
    for tag in page.find_all("meta", attrs={"name": True}):
        tags.setdefault(tag["name"], []).append(tag["content"])
    venues = ("citation_journal_title", "citation_conference_title", "citation_inbook_title")
    return {"key": key, "authors": tags.get("citation_author", []),
            "title": tags["citation_title"][0],
            "venue": "".join(tags[name][0] for name in venues if name in tags),
            "year": tags["citation_publication_date"][0][:4]}  # fmt: skip


def jsonld_found(key: str, page: BeautifulSoup) -> dict[str, Any]:
    [script] = page.find_all("script", type="application/ld+json")
    graph = json.loads(script.string)["@graph"]
    [article] = [node for node in graph if node["@type"] == "ScholarlyArticle"]
    return {"key": key, "authors": [author["name"] for author in article["author"]],
            "title": article["headline"], "venue": article.get("isPartOf", {}).get("name", ""),
            "year": article["datePublished"][:4]}  # fmt: skip

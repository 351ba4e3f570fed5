"""Exporters' long venue names: cut to their name by one rule, or a warning that says what to add.

The venues are real exporters' strings (tests/fixtures/bib), the papers made up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from cv.bib.venues import LIMIT, listed_venue, short_form


@pytest.mark.parametrize(
    ("venue", "name", "acronym"),
    [
        (  # DBLP: the edition, the acronym and year, the place and the dates
            "Proceedings of the 52nd Annual International Symposium on Computer Architecture, "
            "ISCA 2025, Tokyo, Japan, June 21-25, 2025",
            "International Symposium on Computer Architecture",
            "ISCA",
        ),
        (  # dblp-standard.bib: the acronym first
            "STOC '22: 54th Annual ACM SIGACT Symposium on Theory of Computing, Rome, Italy, "
            "June 20 - 24, 2022",
            "ACM SIGACT Symposium on Theory of Computing",
            "STOC",
        ),
        (  # dblp-standard-2022.bib: a spelled-out edition, dates before the month
            "Proceedings of the Thirtieth International Joint Conference on Artificial "
            "Intelligence, IJCAI 2021, Virtual Event / Montreal, Canada, 19-27 August 2021",
            "International Joint Conference on Artificial Intelligence",
            "IJCAI",
        ),
        (  # dblp-standard.bib: Springer's "Name YEAR - Nth International Symposium"
            "Mathematical Foundations of Computer Science 2013 - 38th International Symposium, "
            "MFCS 2013, Klosterneuburg, Austria, August 26-30, 2013. Proceedings",
            "Mathematical Foundations of Computer Science",
            "MFCS",
        ),
        (  # jabref-authors.bib: the acronym in parentheses, places after the dates
            "International Symposium on Circuits and Systems (ISCAS 2011), May 15-19 2011, "
            "Rio de Janeiro, Brazil",
            "International Symposium on Circuits and Systems",
            "ISCAS",
        ),
        (  # dblp-standard.bib: commas inside the name stay
            "52nd Annual Allerton Conference on Communication, Control, and Computing, "
            "Allerton 2014, Allerton Park & Retreat Center, Monticello, IL, USA, "
            "September 30 - October 3, 2014",
            "Allerton Conference on Communication, Control, and Computing",
            "Allerton",
        ),
    ],
)
def test_a_long_proceedings_title_is_cut_to_its_name(venue: str, name: str, acronym: str) -> None:
    cut = short_form(venue)
    assert cut is not None
    assert (cut.name, cut.acronym) == (name, acronym)


@pytest.mark.parametrize(
    "venue",
    [
        "International Symposium on Memory Management",  # short: as written
        "Workshop on Architecture, Compiler, and System Support for Multi-Model DNN Workloads",
    ],
)
def test_a_venue_within_the_limit_is_shown_as_written(venue: str) -> None:
    assert len(venue) <= LIMIT
    assert short_form(venue) is None
    assert listed_venue(venue, "") == (venue, "")


def test_a_short_venue_stands_in_for_a_name_still_too_long() -> None:
    venue = "A " + "Very " * 30 + "Long Name of a Venue Without Place or Date"
    assert listed_venue(venue, "") == (venue, "")
    assert listed_venue(venue, "VLV") == ("", "VLV")


DBLP = """
@inproceedings{DBLP:conf/isca/DoeMM25,
  author       = {Jane Doe and
                  Max Mustermann},
  title        = {A Fake Paper, as {DBLP} Exports It},
  booktitle    = {Proceedings of the 52nd Annual International Symposium on Computer
                  Architecture, {ISCA} 2025, Tokyo, Japan, June 21-25, 2025},
  pages        = {1--14},
  year         = {2025},
}

@inproceedings{doe2024curated,
  author     = {Doe, Jane},
  title      = {A Curated Entry},
  booktitle  = {International Symposium on Memory Management},
  year       = {2024},
  shortvenue = {ISMM},
}

@inproceedings{doe2023long,
  author     = {Doe, Jane},
  title      = {A Venue Too Long to Cut},
  booktitle  = {The International Conference of Everyone Who Works on Anything at All in the
                Whole Wide Field of Examples and Their Many Applications},
  year       = {2023},
}
"""


def test_the_list_reads_evenly_and_a_venue_too_long_is_one_warning(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("publications")
    (srcdir / "refs.bib").write_text(DBLP, encoding="utf-8")
    (srcdir / "index.md").write_text("# Jane Doe\n\n```{toctree}\npapers\n```\n")
    (srcdir / "papers.md").write_text("# Papers\n\n:::{publications}\n:::\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    assert len(warnings) == 1, warnings
    assert warnings[0].endswith(
        "doe2023long: the venue is 133 characters long (The International Conference of "
        "Everyone...), longer than a list shows well next to other venues; add shortvenue = "
        "{ABBR} (the list then shows 'ABBR year') or shorten the booktitle [cv.venue]"
    )
    assert "refs.bib:20: WARNING" in warnings[0]
    soup = BeautifulSoup((app.outdir / "papers.html").read_text(), "html.parser")
    venues = [item.get_text() for item in soup.select(".cv-pub-venue")]
    assert venues[:2] == [
        "International Symposium on Computer Architecture (ISCA 2025)",
        "International Symposium on Memory Management (ISMM 2024)",
    ]
    # The full title stays where machines read it: the BibTeX block.
    assert "Tokyo, Japan, June 21-25, 2025" in soup.select_one("li.cv-pub pre").get_text()

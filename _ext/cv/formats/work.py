"""What a paper is, where it appeared and who issued it: the readings of a record that every
metadata vocabulary shares.

CSL-JSON (:mod:`cv.formats.csl`), RIS (:mod:`cv.formats.exports`), Highwire tags
(:mod:`cv.formats.highwire`) and JSON Resume each map a record with one function of their own,
in their own names: a journal article is CSL's ``article-journal`` and RIS's ``JOUR``, its
journal Highwire's ``citation_journal_title``. What they map is read here, once, from the record
(:class:`cv.formats.protocol.PaperRecord`), so that they all say the same: the type of work
(named as CSL names it, the common list of types), the container it appeared in, who issued it,
its date's parts, its named authors, a name inverted, a page range. No vocabulary is made from
another's output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bib import names
from ..bib.entryfields import PAGE_DASH_RE

if TYPE_CHECKING:
    from .protocol import Author, PaperRecord


#: BibTeX entry types and the type of work they are; any other type is a plain ``article``.
WORK_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "proceedings": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "unpublished": "manuscript",
}


def work_type(paper: PaperRecord) -> str:
    """The type of work; a preprint is CSL's ``article`` (CSL 1.0.2), a workshop paper a paper."""
    if paper.kind == "preprint":
        return "article"
    if paper.kind in ("conference", "workshop") and paper.type == "misc":
        return "paper-conference"
    return WORK_TYPES.get(paper.type, "article")


def container(paper: PaperRecord) -> str:
    """The journal, proceedings or book the paper is in, or how it was published (``Invited
    talk``); "" when none. A preprint's server (``howpublished = {arXiv}``) is its issuer."""
    if paper.journal or paper.booktitle:
        return paper.journal or paper.booktitle
    return paper.howpublished if work_type(paper) != "article" else ""


def issuer(paper: PaperRecord) -> str:
    """Who issued the paper: the school of a thesis, the institution of a report, else its
    publisher, else a preprint's server; "" when none."""
    kind = work_type(paper)
    if kind == "thesis":
        return paper.school or paper.publisher
    if kind == "report":
        return paper.institution or paper.publisher
    if kind == "article" and not (paper.publisher or paper.journal or paper.booktitle):
        return paper.howpublished  # a preprint's server
    return paper.publisher


def date_parts(paper: PaperRecord) -> list[int]:
    """``[year, month, day]``, as far as the record knows them from the year on; [] if none."""
    if paper.year is None:
        return []
    if paper.month is None:
        return [paper.year]
    return [paper.year, paper.month] if paper.day is None else [paper.year, paper.month, paper.day]


def named_authors(paper: PaperRecord) -> list[Author]:
    """The authors that have a name (``{}`` in an author list has none), in order."""
    return [author for author in paper.authors if author.family or author.given]


def inverted_name(author: Author, suffix: bool = False) -> str:
    """``van Rossum, Guido`` (``King, Martin Luther, Jr.`` with the *suffix*), as RIS and
    Highwire write a name; a one-part name (a collaboration) as it is."""
    family = " ".join(filter(None, [author.particle, author.family]))
    if not (author.given and author.family):
        return " ".join(filter(None, [author.given, family]))
    return ", ".join(filter(None, [family, author.given, author.suffix if suffix else ""]))


def display_name(author: Author) -> str:
    """``Guido van Rossum``, as a page writes a name in running text; family name first where
    the record says so (``堀口翔太``; :mod:`cv.bib.names`)."""
    family = " ".join(filter(None, [author.particle, author.family]))
    return names.shown(author.given, family, author.family_first)


def page_range(pages: str) -> tuple[str, str]:
    """First and last page of ``53-68`` (with any dash, ``53--68``); a single page is the first."""
    first, _, last = PAGE_DASH_RE.sub("-", pages.strip()).partition("-")
    return first, last

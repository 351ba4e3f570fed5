"""One entry's fields as the paper record reads them, and as its BibTeX gives them back.

:mod:`cv.bib.fields` says what each field is (known, public, inherited, of which kind); here the
values of one resolved entry are read through that model: under lower-case names whatever case
the .bib wrote them in, al-folio's names and the venue's aliases read as ours, LaTeX escaped
twice read once (:func:`read_fields`); our own list-valued fields, ``equal`` and ``materials``;
what ``pages`` says: pages, a number of pages or an article number (:func:`read_pages`); and
the public fields written back as BibTeX, biblatex's names as BibTeX's where BibTeX has one
(:func:`bib_fields`, which :attr:`cv.bib.record.Paper.bib_fields` holds). Used by the record and
by the checks, which must read an entry as the record does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from . import names
from .dates import MONTH_MACROS, month_number
from .fields import CITED_BY_RE, FIELD_ALIASES, VENUE_ALIASES, is_public, undo_double_escape

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pybtex.database import Entry

#: biblatex's names of the fields BibTeX has under another name, as the record's BibTeX gives
#: them (biber's default source map reads BibTeX's names back as biblatex's).
BIBTEX_NAMES = {"journaltitle": "journal", "location": "address"}
#: A word for "pages" written before the numbers (HAL: ``pp.281-288``, Mendeley: ``pages
#: 193--202``): not data, and every style writes its own, so it is left out once, here.
PAGES_WORD_RE = re.compile(r"^\s*(?:pp?|pages?|pgs?)(?:\.\s*|\s+)(?=\w)", re.IGNORECASE)
#: The dash between the first and the last page, with the spaces some put around it (HAL's
#: ``82 - 89``, Scopus's ``1366 – 1387``): one en dash in the record.
PAGE_DASH_RE = re.compile(r"\s*[-‐‑–—]+\s*")
#: One page as exporters write it: 53, e1234, S12, 259C, 22A513, ACM's 8:1, Cell's 1039.e14, xiv.
PAGE = r"(?:[A-Za-z]{0,3}\d[A-Za-z0-9]*(?:[.:][A-Za-z]?\d+)?|[ivxlcdm]+|[IVXLCDM]+)"
PAGE_RANGE = rf"{PAGE}(?:{PAGE_DASH_RE.pattern}{PAGE})?"
#: Pages: one, a range or a list of them (``431--456, 791--823``), maybe running on (``73+``).
PAGES_RE = re.compile(rf"{PAGE_RANGE}(?:\s*[,;]\s*{PAGE_RANGE})*(?:\s*\+|\s*ff?\.)?")
#: How many pages, where a range goes (HAL: ``8p.``, ``12 p.``): biblatex's ``pagetotal``.
COUNT = r"[1-9]\d*"
COUNT_RE = re.compile(COUNT)
PAGE_COUNT_RE = re.compile(rf"(?P<count>{COUNT})\s*(?:pp?|pages?|pgs?)\.?", re.IGNORECASE)
#: An article number, and maybe how many pages (MathSciNet: ``Paper No. 3, 25``, ``Art. 12,
#: 32``, ``Paper 1.26, 22``): biblatex's ``eid``. Its characters need no escape in BibTeX.
ARTICLE_RE = re.compile(
    r"(?:paper|art(?:icle)?)\.?\s*(?:no\.?|number)?\s*"
    r"(?P<article>[A-Za-z0-9.:-]*\d[A-Za-z0-9.:-]*)"
    rf"(?:\s*,\s*(?P<count>{COUNT})(?:\s*(?:pp?|pages?)\.?)?)?",
    re.IGNORECASE,
)
#: MathSciNet's article number and count without the word (``1650101, 33``); two pages read
#: this way only when the second is smaller than the first, which no list of pages is.
BARE_ARTICLE_RE = re.compile(rf"(?P<article>\d+)\s*,\s*(?P<count>{COUNT})")
#: What names no page: no letter or digit at all (``--``), or only the word for pages.
NO_PAGE_RE = re.compile(r"[\W_]*|(?:pp?|pages?|pgs?)\.?", re.IGNORECASE)


def equal_positions(fields: Mapping[str, str]) -> set[int]:
    """1-based positions of the equal-contribution authors (the ``equal`` field)."""
    value = fields.get("equal", "")
    if not re.fullmatch(r"\s*\d+\s*(,\s*\d+\s*)*", value):
        return set()
    return {int(position) for position in value.split(",")}


def listed_materials(fields: Mapping[str, str]) -> list[str]:
    """The names in the ``materials`` field (``{slides, video}``), as written."""
    return [m.strip() for m in fields.get("materials", "").split(",") if m.strip()]


def without_pages_word(value: str) -> str:
    """A ``pages`` value without a leading "pp." or "pages" (:data:`PAGES_WORD_RE`)."""
    return PAGES_WORD_RE.sub("", value)


class Pages(NamedTuple):
    """What a ``pages`` value says (:func:`read_pages`): at most one of *pages* and *text*;
    all empty when it names no page (:data:`NO_PAGE_RE`)."""

    pages: str = ""  #: a page, a range or a list of them, with en dashes: "82–89"
    count: str = ""  #: how many pages: "8" (HAL's ``8p.``)
    article: str = ""  #: an article number: "3" (MathSciNet's ``Paper No. 3, 25``)
    text: str = ""  #: anything else, as written: "Unit 3.5"


def read_pages(value: str) -> Pages:
    """What *value* (plain text) says: ``pp.82 - 89`` is 82, an en dash, 89; ``8p.`` a number
    of pages; ``Paper No. 3, 25`` article 3, of 25 pages; ``Unit 3.5`` text."""
    value = without_pages_word(value).strip()
    if NO_PAGE_RE.fullmatch(value):
        return Pages()
    if match := PAGE_COUNT_RE.fullmatch(value):
        return Pages(count=match["count"])
    if match := ARTICLE_RE.fullmatch(value):
        return Pages(article=match["article"], count=match["count"] or "")
    bare = BARE_ARTICLE_RE.fullmatch(value)
    if bare and int(bare["count"]) < int(bare["article"]):
        return Pages(article=bare["article"], count=bare["count"])
    if PAGES_RE.fullmatch(value):
        return Pages(pages=PAGE_DASH_RE.sub("\N{EN DASH}", value))
    return Pages(text=value)


def names_no_page(value: str) -> bool:
    """Whether a ``pages`` value that is not empty names no page at all (``--``)."""
    return (
        bool(value.strip()) and NO_PAGE_RE.fullmatch(without_pages_word(value).strip()) is not None
    )


def read_fields(entry: Entry) -> dict[str, str]:
    """The entry's fields under lower-case names, al-folio's names read as ours, LaTeX that
    was escaped twice read once (:func:`cv.bib.fields.undo_double_escape`)."""
    fields = {name.lower(): undo_double_escape(value) for name, value in entry.fields.items()}
    for alias, name in (FIELD_ALIASES | VENUE_ALIASES).items():
        if alias in fields and name not in fields:
            fields[name] = fields[alias]
    if CITED_BY_RE.match(fields.get("note", "")):
        del fields["note"]
    if "eprint" in fields and "arxiv" in fields and fields["eprint"] == fields["arxiv"]:
        fields.setdefault("eprinttype", "arxiv")
    return fields


def bib_fields(entry: Entry, year: int | None, month: int | None, pages: Pages) -> dict[str, str]:
    """The public fields of *entry* as BibTeX (see :attr:`Paper.bib_fields`); *year* and
    *month* are the record's, which a biblatex ``date`` gives when there is no ``year``;
    *pages*, its reading of ``pages`` (:func:`read_pages`).

    Values as written: the parser has already checked that their braces balance.
    """
    written = {name.lower(): value for name, value in entry.fields.items()}
    fields = {
        role.lower(): " and ".join(names.as_written(person) for person in persons)
        for role, persons in entry.persons.items()
        if is_public(role.lower(), "x")
    }
    for name, value in written.items():
        if not is_public(name, value):
            if (venue := VENUE_ALIASES.get(name)) and venue not in written and value.strip():
                fields[venue] = value  # the venue, under its standard name
            continue
        if name == "date" and "year" not in written and year is not None:
            fields["year"] = str(year)
            if month and "month" not in written:
                fields["month"] = MONTH_MACROS[month - 1]
        if name == "pages":
            value = without_pages_word(value)
            # A count or an article number goes back under biblatex's names for them, not as
            # the pages HAL or MathSciNet wrote (8p., Paper No. 3, 25): to any reader, BibTeX
            # styles, biblatex and reference managers alike, ``pages`` is a range and would
            # show "pp. 8p." again, whereas ``pagetotal`` ("8 pages") and ``eid`` say what it
            # is. The numbers come back the same; only the wording, which every style writes
            # its own way, is left. Where the entry has that field already, its pages stay as
            # written, so that nothing is lost.
            named = {"eid": pages.article, "pagetotal": pages.count}
            moved = {field: number for field, number in named.items() if number}
            if moved and not moved.keys() & written.keys():
                fields |= moved
                continue
        if name == "month" and (number := month_number(value)):
            value = MONTH_MACROS[number - 1]
        if (bibtex_name := BIBTEX_NAMES.get(name, name)) not in written:
            name = bibtex_name  # biblatex's name, with no BibTeX one beside it
        fields[name] = value
    return fields

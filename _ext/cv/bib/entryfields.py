"""One entry's fields as the paper record reads them, and as its BibTeX gives them back.

:mod:`cv.bib.fields` says what each field is (known, public, inherited, of which kind); here the
values of one resolved entry are read through that model: under lower-case names whatever case
the .bib wrote them in, al-folio's names and the venue's aliases read as ours, LaTeX escaped
twice read once (:func:`read_fields`); our own list-valued fields, ``equal`` and ``materials``;
and the public fields written back as BibTeX, biblatex's names as BibTeX's where BibTeX has one
(:func:`bib_fields`, which :attr:`cv.bib.record.Paper.bib_fields` holds). Used by the record and
by the checks, which must read an entry as the record does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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


def read_pages(value: str) -> str:
    """The pages as every output shows them: ``pp.82 - 89`` is 82, an en dash, 89."""
    return PAGE_DASH_RE.sub("\N{EN DASH}", without_pages_word(value).strip())


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


def bib_fields(entry: Entry, year: int | None, month: int | None) -> dict[str, str]:
    """The public fields of *entry* as BibTeX (see :attr:`Paper.bib_fields`); *year* and
    *month* are the record's, which a biblatex ``date`` gives when there is no ``year``.

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
        if name == "month" and (number := month_number(value)):
            value = MONTH_MACROS[number - 1]
        if (bibtex_name := BIBTEX_NAMES.get(name, name)) not in written:
            name = bibtex_name  # biblatex's name, with no BibTeX one beside it
        fields[name] = value
    return fields

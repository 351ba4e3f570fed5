"""The papers for reference managers: BibTeX, RIS and CSL-JSON, of the whole list or one paper.

Each is written by a well-kept writer (pybtex's BibTeX writer, rispy; CSL-JSON is plain JSON)
from what the paper pages show: for BibTeX, the .bib entry's fields that the page's BibTeX
shows (:func:`public_entry`); for RIS and CSL-JSON, the record's CSL-JSON item
(:mod:`cv.formats.csl`). Only standard bibliographic fields are written: nothing of ours (``kind``,
``selected`` ...) and nothing private (``annote``, ``file`` ...).
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

import rispy
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import month_names
from pybtex.database.output.bibtex import Writer

from ..bib.dates import MONTH_MACROS
from ..bib.record import public_fields
from .highwire import author_name, page_range

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


#: The fields a BibTeX export keeps: what BibTeX's standard styles and reference managers read.
#: Left out: notes to oneself (annote, keywords, file, urldate ...) and every field of ours.
BIBTEX_FIELDS = frozenset({
    "address", "booktitle", "chapter", "edition", "howpublished", "institution", "journal",
    "month", "note", "number", "organization", "pages", "publisher", "school", "series",
    "title", "type", "volume", "year", "doi", "url", "eprint", "archiveprefix", "eprinttype",
    "primaryclass", "isbn", "issn", "abstract",
})  # fmt: skip
BIBTEX_PERSONS = ("author", "editor")

#: CSL types and the RIS types reference managers import them as.
RIS_TYPES = {
    "article-journal": "JOUR",
    "paper-conference": "CPAPER",
    "chapter": "CHAP",
    "book": "BOOK",
    "thesis": "THES",
    "report": "RPRT",
    "manuscript": "UNPB",
    "article": "GEN",
}


class AsWrittenWriter(Writer):
    """pybtex's BibTeX writer, writing values as the .bib wrote them.

    The stock writer takes values as Unicode text and encodes them as LaTeX again, which
    would turn ``{ASTRA-sim}`` protection and ``\\&`` into visible braces and backslashes.
    """

    def _encode(self, text: str) -> str:
        return text

    def check_braces(self, s: str) -> None:
        """Nothing to check: every value and name part comes from pybtex's parser, which
        refuses an entry with unbalanced braces (escaped ones too, as BibTeX does), and the
        stock check walks each value in Python, a third of writing thousands of entries.
        ``tests/test_bib_properties.py`` checks that what the parser reads always passes it."""


class RisWriter(rispy.RisWriter):
    """rispy's writer without the ``1.`` line it puts before each record (no RIS tag)."""

    def set_header(self, count: int) -> str:
        return ""


def public_entry(entry: Entry) -> Entry:
    """The entry as the exports give it: the standard fields of the paper page's BibTeX
    (:func:`cv.bib.record.bibtex_text`), as pybtex reads that text back, without parsing it again.

    That is the fields as the .bib wrote them, but a month, which the page writes as a macro
    (``jul``) and pybtex reads as the month's name ("July"); and the authors and editors.
    """
    fields = {
        name: month_names[MONTH_MACROS[month - 1]] if month else value
        for name, value, month in public_fields(entry)
        if name.lower() in BIBTEX_FIELDS
    }
    persons = {role: people for role, people in entry.persons.items() if role in BIBTEX_PERSONS}
    return Entry(entry.type, fields=fields, persons=persons)


def write_bibtex(entries: Mapping[str, Entry]) -> str:
    """Entries made by :func:`public_entry` (key -> entry) as one BibTeX file."""
    data = BibliographyData(entries=entries)
    stream = io.StringIO()
    AsWrittenWriter().write_stream(data, stream)
    return stream.getvalue()


def ris_record(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item as rispy's record: the same fields, under RIS's tags."""
    kind = item["type"]
    record: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(kind, "GEN"), "id": item["id"]}
    names = [author_name(author) for author in item.get("author", [])]
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    first, last = page_range(item.get("page", ""))
    venue = item.get("container-title", "")
    fields = {
        "title": item.get("title"),
        "authors": names,
        "year": str(parts[0]) if parts else "",
        "date": ris_date(parts),
        "journal_name" if kind == "article-journal" else "secondary_title": venue,
        "volume": item.get("volume"),
        "number": item.get("issue") or item.get("number"),
        "start_page": first,
        "end_page": last,
        "publisher": item.get("publisher"),
        "issn": item.get("ISBN") or item.get("ISSN"),
        "doi": item.get("DOI"),
        "urls": [item["URL"]] if "URL" in item else [],
        "abstract": item.get("abstract"),
    }
    # One line per tag: a line break inside a value (an abstract's paragraphs) would end it.
    record.update(
        {
            name: [one_line(v) for v in value] if isinstance(value, list) else one_line(value)
            for name, value in fields.items()
            if value
        }
    )
    return record


def one_line(value: str) -> str:
    return " ".join(value.split())


def ris_date(parts: list[int]) -> str:
    """RIS's ``YYYY/MM/DD/`` (the last part is free text), empty parts left empty."""
    if not parts:
        return ""
    padded = [str(parts[0]), *(f"{part:02d}" for part in parts[1:])]
    return "/".join([*padded, *[""] * (4 - len(padded))])


def ris(items: Iterable[dict[str, Any]]) -> str:
    """CSL-JSON items as one RIS file: rispy's records, a blank line apart as rispy writes
    them, one at a time (a list of thousands need not be in memory at once)."""
    return "\n".join(rispy.dumps([ris_record(item)], implementation=RisWriter) for item in items)


#: How items are written: compact, as thousands of papers read by programs are best.
JSON_SEPARATORS = (",", ":")


def item_text(item: dict[str, Any]) -> str:
    """One CSL-JSON item as JSON text, as :func:`csl_json` writes it."""
    return json.dumps(item, ensure_ascii=False, separators=JSON_SEPARATORS)


def csl_json(items: Iterable[dict[str, Any]]) -> str:
    """CSL-JSON items as a CSL-JSON file (an array of items)."""
    return csl_json_of(item_text(item) for item in items)


def csl_json_of(texts: Iterable[str]) -> str:
    """A CSL-JSON file of items already written by :func:`item_text`."""
    return f"[{','.join(texts)}]\n"

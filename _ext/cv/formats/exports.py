"""The papers for reference managers: RIS and CSL-JSON, of the whole list or one paper.

Each is written by a well-kept writer (rispy; CSL-JSON is plain JSON) from the record's CSL-JSON
item (:mod:`cv.formats.csl`). BibTeX, of the page and of the downloads, is
:mod:`cv.formats.bibtex`'s. Only standard bibliographic fields are written: nothing of ours
(``kind``, ``selected`` ...) and nothing private (``annote``, ``file`` ...).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import rispy

from .highwire import author_name, page_range

if TYPE_CHECKING:
    from collections.abc import Iterable


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


class RisWriter(rispy.RisWriter):
    """rispy's writer without the ``1.`` line it puts before each record (no RIS tag)."""

    def set_header(self, count: int) -> str:
        return ""


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

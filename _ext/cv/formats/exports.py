"""The papers for reference managers: RIS and CSL-JSON, of the whole list or one paper.

RIS is mapped from the paper's record (:func:`ris_record`, reading its type, container and
issuer as every vocabulary does: :mod:`cv.formats.work`) and written by rispy; CSL-JSON is the
record's item (:mod:`cv.formats.csl`) as plain JSON. BibTeX, of the page and of the downloads, is
:mod:`cv.formats.bibtex`'s. Only standard bibliographic fields are written: nothing of ours
(``kind``, ``selected`` ...) and nothing private (``annote``, ``file`` ...).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import rispy

from .work import (
    container,
    date_parts,
    inverted_name,
    issuer,
    named_authors,
    page_range,
    work_type,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .protocol import PaperRecord


#: Types of work (:func:`cv.formats.work.work_type`) and the RIS types reference managers
#: import them as.
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


def ris_record(paper: PaperRecord) -> dict[str, Any]:
    """The paper as rispy's record: its fields under RIS's tags."""
    kind = work_type(paper)
    record: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(kind, "GEN"), "id": paper.key}
    parts = date_parts(paper)
    # Pages as text go where reference managers read pages (RIS's SP is text); a count or an
    # article number has no tag of its own in RIS and is no start or end page.
    first, last = page_range(paper.pages) if paper.pages else (paper.pages_text, "")
    fields = {
        "title": paper.title,
        # RIS's form of a name: "Last, First, Suffix".
        "authors": [inverted_name(author, suffix=True) for author in named_authors(paper)],
        "year": str(parts[0]) if parts else "",
        "date": ris_date(parts),
        "journal_name" if kind == "article-journal" else "secondary_title": container(paper),
        "volume": paper.volume,
        "number": paper.number,
        "start_page": first,
        "end_page": last,
        "publisher": issuer(paper),
        "issn": paper.isbn or paper.issn,
        "doi": paper.doi,
        "urls": [paper.url] if paper.url else [],
        "abstract": paper.abstract,
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


def ris(papers: Iterable[PaperRecord]) -> str:
    """Papers as one RIS file: rispy's records, a blank line apart as rispy writes them, one at
    a time (a list of thousands need not be in memory at once)."""
    return "\n".join(rispy.dumps([ris_record(paper)], implementation=RisWriter) for paper in papers)


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

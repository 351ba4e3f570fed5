"""A paper's BibTeX: the one writer of the block its page shows and of every BibTeX download.

The BibTeX block of a list entry and of a paper's page, ``papers/<key>.bib`` and the whole
list's ``publications.bib`` (the papers' texts joined, a blank line apart) are all
:func:`entry_text` of the paper's record, so a download holds exactly what the page shows.

What is written is the record's public fields (:attr:`cv.bib.record.Paper.bib_fields`), in
BibTeX's model: field names in lower case; biblatex's ``journaltitle`` and ``location`` as
``journal`` and ``address``, its ``date`` also as ``year`` and ``month`` (which BibTeX's styles,
pybtex and reference managers read, and biblatex reads as its own); values as the .bib wrote
them (LaTeX, not escaped again), months as BibTeX's macros (``jul``); each name as written, so
that ``Doe, Jane~and~Roe`` stays one person. Written by hand, not by pybtex's writer: that one
takes values for plain text and escapes them again (``\\&`` would become ``\\\\&``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..bib.dates import MONTH_MACROS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .protocol import PaperRecord


def entry_text(paper: PaperRecord) -> str:
    """The paper's entry, as BibTeX text ending in a line break."""
    lines = [f"@{paper.type}{{{paper.key},"]
    for name, value in paper.bib_fields.items():
        text = value if name == "month" and value in MONTH_MACROS else f"{{{value}}}"
        lines.append(f"  {name} = {text},")
    return "\n".join([*lines, "}\n"])


def bibtex(texts: Iterable[str]) -> str:
    """A BibTeX file of entries already written by :func:`entry_text`, a blank line apart."""
    return "\n".join(texts)

"""Highwire Press meta tags, the way Google Scholar reads a paper from the page that holds it.

Scholar's inclusion guidelines ask for one paper per page, with ``citation_title``, one
``citation_author`` per author in order, ``citation_publication_date`` and the venue, and use
``citation_pdf_url`` only for a PDF on the same site. The tags are mapped from the paper's record,
reading its type, container and issuer as every export does (:mod:`cv.formats.work`). Values are
plain text; the HTML writer escapes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from .work import (
    container,
    date_parts,
    display_name,
    inverted_name,
    issuer,
    named_authors,
    page_range,
    work_type,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .protocol import PaperRecord


#: The tag that names the venue, by type of work (:func:`cv.formats.work.work_type`); a work of
#: another type (a preprint since published, a @misc in a book) by the field that names it. A
#: preprint's server is its publisher, not a venue.
VENUE_TAGS = {
    "paper-conference": "citation_conference_title",
    "article-journal": "citation_journal_title",
    "chapter": "citation_inbook_title",
}
FIELD_TAGS = {"journal": "citation_journal_title", "booktitle": "citation_inbook_title"}
#: Who issued a thesis or a report is its institution, not a publisher.
INSTITUTION_TAGS = {
    "thesis": "citation_dissertation_institution",
    "report": "citation_technical_report_institution",
}
#: Words of a meta description: what search engines show under the link, about 160 characters.
DESCRIPTION_LENGTH = 160


def venue_field(paper: PaperRecord) -> str:
    """Which field names the paper's container: ``journal``, ``booktitle`` or ""."""
    return "journal" if paper.journal else "booktitle" if paper.booktitle else ""


def publication_date(paper: PaperRecord) -> str:
    """``YYYY/MM/DD``, ``YYYY/MM`` or ``YYYY``, as much as the record's date says; else ""."""
    parts = date_parts(paper)
    return "/".join([str(parts[0]), *(f"{part:02d}" for part in parts[1:])]) if parts else ""


def same_site_pdf(pdf: str, page_url: str, base_url: str) -> str:
    """The PDF's absolute address if this site hosts it, else "" (Scholar ignores others).

    *pdf* is a path on the site (relative to the paper's page) or an address; *page_url* is
    the paper page's absolute address and *base_url* the site's. Without a base URL (a local
    build) no address is known, so no tag is made.
    """
    if not pdf or not base_url:
        return ""
    address = urljoin(page_url, pdf)
    site, target = urlsplit(base_url), urlsplit(address)
    if target.scheme not in ("http", "https") or (target.scheme, target.netloc) != (
        site.scheme,
        site.netloc,
    ):
        return ""
    return address


def highwire_tags(
    paper: PaperRecord, page_url: str = "", pdf_url: str = ""
) -> list[tuple[str, str]]:
    """The paper's Highwire tags as ``(name, content)`` pairs, in Scholar's order.

    *page_url*: the paper page's address (``citation_abstract_html_url``); *pdf_url*: its PDF
    on this site (see :func:`same_site_pdf`). Either may be "" (no tag).
    """
    kind = work_type(paper)
    tags: list[tuple[str, str]] = [("citation_title", paper.title)]
    tags += [("citation_author", inverted_name(author)) for author in named_authors(paper)]
    tags.append(("citation_publication_date", publication_date(paper)))
    if venue_tag := VENUE_TAGS.get(kind) or FIELD_TAGS.get(venue_field(paper), ""):
        tags.append((venue_tag, container(paper)))
    tags.append(("citation_volume", paper.volume))
    # A report's number is its report number (below), not an issue.
    tags.append(("citation_issue", paper.number if kind != "report" else ""))
    first, last = page_range(paper.pages)
    tags += [("citation_firstpage", first), ("citation_lastpage", last)]
    if kind in INSTITUTION_TAGS:
        tags.append((INSTITUTION_TAGS[kind], issuer(paper)))
        if kind == "report":
            tags.append(("citation_technical_report_number", paper.number))
    else:
        tags.append(("citation_publisher", issuer(paper)))
    tags.append(("citation_isbn", paper.isbn))
    tags.append(("citation_issn", paper.issn))
    tags.append(("citation_doi", paper.doi))
    tags.append(("citation_pdf_url", pdf_url))
    tags.append(("citation_abstract_html_url", page_url))
    return [(name, value) for name, value in tags if value]


def description(paper: PaperRecord) -> str:
    """A meta description: the title, its authors, venue and year, cut at a word."""
    authors = _join([display_name(author) for author in named_authors(paper)])
    venue = container(paper) or issuer(paper)
    where = ", ".join(filter(None, [venue, str(paper.year) if paper.year is not None else ""]))
    by = f"By {authors}" if authors else ""
    sentences = [part.rstrip(".") for part in (paper.title, by, where) if part]
    text = "".join(f"{part}. " for part in sentences).strip()
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _join(names: Sequence[str]) -> str:
    if len(names) > 3:
        return f"{names[0]} et al."
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)

"""Highwire Press meta tags, the way Google Scholar reads a paper from the page that holds it.

Scholar's inclusion guidelines ask for one paper per page, with ``citation_title``, one
``citation_author`` per author in order, ``citation_publication_date`` and the venue, and use
``citation_pdf_url`` only for a PDF on the same site. The tags are made from the paper's CSL-JSON
item (:mod:`cv.formats.csl`), so they say what every export says. Values are plain text; the HTML
writer escapes them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from ..bib import names

if TYPE_CHECKING:
    from collections.abc import Sequence


#: The tag that names the venue, by CSL type; a type not here names none (a preprint's server
#: is its publisher, a book has only a publisher).
VENUE_TAGS = {
    "paper-conference": "citation_conference_title",
    "article-journal": "citation_journal_title",
    "chapter": "citation_inbook_title",
}
#: Who issued a thesis or a report is its institution, not a publisher.
INSTITUTION_TAGS = {
    "thesis": "citation_dissertation_institution",
    "report": "citation_technical_report_institution",
}
PAGE_RANGE_RE = re.compile(r"\s*[-‐‑–—]+\s*")
#: Words of a meta description: what search engines show under the link, about 160 characters.
DESCRIPTION_LENGTH = 160


def _family(author: dict[str, str]) -> str:
    return " ".join(filter(None, [author.get("non-dropping-particle"), author["family"]]))


def author_name(author: dict[str, str]) -> str:
    """``Family, Given`` (as Scholar's guidelines write it), or a one-part name as it is."""
    return author.get("literal") or f"{_family(author)}, {author['given']}"


def display_name(author: dict[str, Any]) -> str:
    """``Given Family``, as a page shows a name, or family first ("堀口翔太"; cv.bib.names)."""
    if "literal" in author:
        return author["literal"]
    first = names.family_first(author["given"], author["family"], author.get("static-ordering"))
    return names.shown(author["given"], _family(author), first)


def publication_date(item: dict[str, Any]) -> str:
    """``YYYY/MM/DD``, ``YYYY/MM`` or ``YYYY``, as much as the item's date says; else ""."""
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if not parts:
        return ""
    return "/".join([str(parts[0]), *(f"{part:02d}" for part in parts[1:])])


def page_range(pages: str) -> tuple[str, str]:
    """First and last page of ``53-68`` (or with a dash, ``53--68``); a single page is the first."""
    first, _, last = PAGE_RANGE_RE.sub("-", pages.strip()).partition("-")
    return first, last


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
    item: dict[str, Any], page_url: str = "", pdf_url: str = ""
) -> list[tuple[str, str]]:
    """The paper's Highwire tags as ``(name, content)`` pairs, in Scholar's order.

    *page_url*: the paper page's address (``citation_abstract_html_url``); *pdf_url*: its PDF
    on this site (see :func:`same_site_pdf`). Either may be "" (no tag).
    """
    kind = item["type"]
    tags: list[tuple[str, str]] = [("citation_title", item.get("title", ""))]
    tags += [("citation_author", author_name(author)) for author in item.get("author", [])]
    tags.append(("citation_publication_date", publication_date(item)))
    if kind in VENUE_TAGS:
        tags.append((VENUE_TAGS[kind], item.get("container-title", "")))
    tags.append(("citation_volume", item.get("volume", "")))
    tags.append(("citation_issue", item.get("issue", "")))
    first, last = page_range(item.get("page", ""))
    tags += [("citation_firstpage", first), ("citation_lastpage", last)]
    if kind in INSTITUTION_TAGS:
        tags.append((INSTITUTION_TAGS[kind], item.get("publisher", "")))
        if kind == "report":
            tags.append(("citation_technical_report_number", item.get("number", "")))
    else:
        tags.append(("citation_publisher", item.get("publisher", "")))
    tags.append(("citation_isbn", item.get("ISBN", "")))
    tags.append(("citation_issn", item.get("ISSN", "")))
    tags.append(("citation_doi", item.get("DOI", "")))
    tags.append(("citation_pdf_url", pdf_url))
    tags.append(("citation_abstract_html_url", page_url))
    return [(name, value) for name, value in tags if value]


def description(item: dict[str, Any]) -> str:
    """A meta description: the title, its authors, venue and year, cut at a word."""
    authors = _join([display_name(author) for author in item.get("author", [])])
    venue = item.get("container-title") or item.get("publisher", "")
    where = ", ".join(filter(None, [venue, publication_date(item)[:4]]))
    by = f"By {authors}" if authors else ""
    sentences = [part.rstrip(".") for part in (item.get("title", ""), by, where) if part]
    text = "".join(f"{part}. " for part in sentences).strip()
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _join(names: Sequence[str]) -> str:
    if len(names) > 3:
        return f"{names[0]} et al."
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)

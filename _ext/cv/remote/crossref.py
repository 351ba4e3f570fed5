"""DOIs: Crossref's REST API (``/works/<doi>``), else doi.org's content negotiation (BibTeX).

Crossref holds most papers' DOIs and gives the richest record (authors split into given and
family names, the venue, the abstract in JATS). A DOI that another agency registered (DataCite:
arXiv, Zenodo; mEDRA ...) is not in Crossref; doi.org's content negotiation asks that agency for
BibTeX, which is read as the .bib itself is read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..bib.bibfile import BibSource, parse_text
from ..bib.dates import month_number
from ..bib.links import normalise_doi
from .entry import Candidate, escape, from_markup, month_macro, ordered, person, protect_title
from .http import MalformedError, NotFoundError, malformed

if TYPE_CHECKING:
    from .http import Remote

#: Crossref's work types and the BibTeX type and venue field each becomes.
TYPES = {
    "journal-article": ("article", "journal"),
    "proceedings-article": ("inproceedings", "booktitle"),
    "book-chapter": ("incollection", "booktitle"),
    "book-section": ("incollection", "booktitle"),
    "book-part": ("incollection", "booktitle"),
    "reference-entry": ("incollection", "booktitle"),
    "book": ("book", ""),
    "monograph": ("book", ""),
    "edited-book": ("book", ""),
    "reference-book": ("book", ""),
    "dissertation": ("phdthesis", "school"),
    "report": ("techreport", "institution"),
    "posted-content": ("misc", "howpublished"),
    "dataset": ("misc", "howpublished"),
}


def lookup(remote: Remote, doi: str) -> Candidate:
    """The paper of *doi*: Crossref's record, else the registration agency's BibTeX."""
    path = f"works/{quote(doi, safe='/:;()._-')}"
    try:
        data = remote.get_json("crossref", path, f"the record of {doi}", "")
    except NotFoundError:
        return negotiate(remote, doi)
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise malformed("crossref", f"the record of {doi} has no 'message' object")
    return from_work(data["message"], doi)


def text_of(value: Any) -> str:
    """Crossref's titles are lists of strings (the first is the title); anything else is ""."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def date_of(work: dict[str, Any]) -> tuple[int | None, int | None]:
    """(year, month) of publication: in print, else online, else issued."""
    for name in ("published-print", "published", "issued", "published-online", "created"):
        parts = work.get(name, {}).get("date-parts") if isinstance(work.get(name), dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            numbers = [n for n in parts[0] if isinstance(n, int) and not isinstance(n, bool)]
            if numbers and 1000 <= numbers[0] <= 9999:
                month = numbers[1] if len(numbers) > 1 and 1 <= numbers[1] <= 12 else None
                return numbers[0], month
    return None, None


def from_work(work: dict[str, Any], doi: str = "") -> Candidate:
    """A Crossref work (the ``message`` of ``/works/<doi>``) as a candidate."""
    title = from_markup(text_of(work.get("title")))
    if not title:
        raise malformed("crossref", f"the record of {doi or 'a DOI'} has no title")
    subtitle = from_markup(text_of(work.get("subtitle")))
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    kind = work.get("type") if isinstance(work.get("type"), str) else ""
    entry_type, venue_field = TYPES.get(kind, ("misc", "howpublished"))
    authors = []
    listed = work.get("author")
    for author in listed if isinstance(listed, list) else []:  # a malformed record: no names
        if not isinstance(author, dict):
            continue
        family, given = author.get("family"), author.get("given")
        name = author.get("name")
        if isinstance(family, str) and family.strip():
            authors.append(person(family, given if isinstance(given, str) else ""))
        elif isinstance(name, str) and name.strip():
            authors.append("{" + escape(name) + "}")
    year, month = date_of(work)
    found = normalise_doi(str(work.get("DOI") or doi)) or normalise_doi(doi) or ""
    fields: dict[str, str] = {
        "author": " and ".join(authors),
        "title": protect_title(title),
        "year": str(year) if year else "",
        "month": month_macro(month),
        "doi": escape(found),
    }
    venue = from_markup(text_of(work.get("container-title")))
    if venue_field and venue:
        fields[venue_field] = escape(venue)
    elif venue_field == "howpublished" and text_of(work.get("institution")):
        fields[venue_field] = escape(text_of(work.get("institution")))
    for name, source in (("volume", "volume"), ("number", "issue"), ("publisher", "publisher")):
        value = work.get(source)
        if isinstance(value, str) and value.strip():
            fields[name] = escape(value)
    page = work.get("page")
    if isinstance(page, str) and page.strip():
        fields["pages"] = escape(re.sub(r"\s*[-\u2010-\u2015]+\s*", "--", page.strip()))
    abstract = work.get("abstract")
    if isinstance(abstract, str) and from_markup(abstract):
        fields["abstract"] = escape(from_markup(abstract))
    url = f"https://api.crossref.org/works/{found}" if found else "https://api.crossref.org/"
    return Candidate(entry_type, ordered(fields), "Crossref", url)


def negotiate(remote: Remote, doi: str) -> Candidate:
    """The BibTeX that doi.org's content negotiation gives for *doi*, as a candidate."""
    try:
        response = remote.get("doi", quote(doi, safe="/:;()._-"), accept="application/x-bibtex")
    except NotFoundError:
        raise NotFoundError(f"not found: DOI {doi} is in neither Crossref nor doi.org") from None
    try:
        text = response.content.decode("utf-8")
    except UnicodeDecodeError:
        raise malformed("doi", f"the BibTeX of {doi} is not UTF-8") from None
    candidates = from_bibtex(text, "doi.org", f"https://doi.org/{doi}")
    if not candidates:
        raise malformed("doi", f"no readable BibTeX entry for {doi}")
    return candidates[0]


#: The fields of an agency's or DBLP's BibTeX that are written as they come.
KEPT = (
    "title", "booktitle", "journal", "volume", "number", "pages", "publisher", "year", "month",
    "school", "institution", "howpublished", "series",
)  # fmt: skip


def from_bibtex(text: str, source: str, url: str) -> list[Candidate]:
    """The entries of BibTeX *text* (an agency's or DBLP's) as candidates, in our field model:
    names as "Family, Given", arXiv ids under ``eprint`` with ``archiveprefix``, no
    bookkeeping fields (timestamp, biburl, bibsource)."""
    parsed = BibSource(source)
    try:
        parse_text(text, parsed)
    except Exception as error:  # pybtex's lexer on arbitrary input: never a traceback
        raise MalformedError(f"malformed response from {source}: {error}") from None
    candidates = []
    for key, entry in parsed.entries.items():
        fields = {name.lower(): value.strip() for name, value in entry.fields.items()}
        people = entry.persons.get("author") or []
        names = []
        for one in people:
            last = " ".join(one.prelast_names + one.last_names)
            last = re.sub(r"\s+\d{4}$", "", last)  # DBLP's homonym numbers: "Jane Doe 0001"
            first = " ".join(one.first_names + one.middle_names)
            names.append(f"{last}, {first}" if first else last)
        out: dict[str, str] = {"author": " and ".join(names)}
        for name in KEPT:
            if fields.get(name):
                out[name] = fields[name]
        if "month" in out:
            out["month"] = month_macro(month_number(out["month"])) or out["month"]
        doi = normalise_doi(fields.get("doi", ""))
        if doi:
            out["doi"] = fields["doi"] if fields["doi"].startswith("10.") else escape(doi)
        eprint_type = (fields.get("eprinttype") or fields.get("archiveprefix") or "").lower()
        if fields.get("eprint") and eprint_type == "arxiv":
            out["eprint"] = fields["eprint"]
            out["archiveprefix"] = "arXiv"
        url_value = fields.get("url", "")
        if url_value and not (doi and doi.lower() in url_value.lower()):
            out["url"] = url_value
        dblp_key = key[5:] if key.startswith("DBLP:") else ""
        record = f"https://dblp.org/rec/{dblp_key}" if dblp_key else url
        candidates.append(Candidate(entry.type.lower(), ordered(out), source, record, dblp_key))
    return candidates

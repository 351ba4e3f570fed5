"""arXiv ids: the arXiv API's Atom feed (``/api/query?id_list=<id>``).

A preprint's record also says where it was published, when its authors told arXiv
(``arxiv:doi``, ``arxiv:journal_ref``): kept in ``Candidate.published``, so that a preprint in
the .bib can be reported as having a published version.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from pybtex.database import Person

from ..bib.links import ARXIV_RE, normalise_doi
from .entry import Candidate, escape, month_macro, ordered, safe_latex
from .http import NotFoundError, RemoteError, malformed

if TYPE_CHECKING:
    from .http import Remote

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
#: An id as users write it: "2303.14006", "arXiv:2303.14006v2", "hep-th/9901001", or an address.
ID_RE = re.compile(
    r"(?:arxiv:|https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/)?"
    r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?(?:\.pdf)?/?",
    re.I,
)


def parse_id(text: str) -> str | None:
    """The arXiv id (without version) that *text* names, or None."""
    match = ID_RE.fullmatch(text.strip())
    return match.group(1) if match else None


def lookup(remote: Remote, arxiv_id: str) -> Candidate:
    response = remote.get("arxiv", "query", {"id_list": arxiv_id}, answers=(400,))
    return from_feed(response.content, arxiv_id)


def from_feed(content: bytes, arxiv_id: str) -> Candidate:
    """The entry of *arxiv_id* in an API feed, as a candidate."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        raise malformed("arxiv", f"the feed for {arxiv_id} is not XML ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise malformed("arxiv", f"the answer for {arxiv_id} is no Atom feed")
    for entry in root.iter(f"{ATOM}entry"):
        entry_id = text(entry, f"{ATOM}id")
        if "/api/errors" in entry_id:
            raise RemoteError(f"arXiv refused the id {arxiv_id}: {text(entry, f'{ATOM}summary')}")
        found = re.search(r"arxiv\.org/abs/(.+?)(v\d+)?$", entry_id)
        if found and found.group(1) == arxiv_id:
            return from_entry(entry, arxiv_id)
    raise NotFoundError(f"not found: arXiv has no paper {arxiv_id}")


def text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def from_entry(entry: ET.Element, arxiv_id: str) -> Candidate:
    title = text(entry, f"{ATOM}title")
    if not title:
        raise malformed("arxiv", f"the record of {arxiv_id} has no title")
    authors = []
    for author in entry.findall(f"{ATOM}author"):
        name = text(author, f"{ATOM}name")
        if name:
            one = Person(escape(name))
            last = " ".join(one.prelast_names + one.last_names)
            first = " ".join(one.first_names + one.middle_names)
            authors.append(f"{last}, {first}" if first and last else last or first)
    published = text(entry, f"{ATOM}published")
    date = re.match(r"(\d{4})-(\d{2})", published)
    fields = {
        "author": " and ".join(authors),
        "title": safe_latex(title),
        "howpublished": "arXiv",
        "year": date.group(1) if date else "",
        "month": month_macro(int(date.group(2))) if date else "",
        "eprint": arxiv_id if ARXIV_RE.fullmatch(arxiv_id) else "",
        "archiveprefix": "arXiv",
        "abstract": safe_latex(text(entry, f"{ATOM}summary")),
    }
    candidate = Candidate("misc", ordered(fields), "arXiv", f"https://arxiv.org/abs/{arxiv_id}")
    doi = normalise_doi(text(entry, f"{ARXIV}doi"))
    if doi:
        candidate.published["doi"] = escape(doi)
    if journal := text(entry, f"{ARXIV}journal_ref"):
        candidate.published["journal_ref"] = journal
    return candidate

"""Addresses of a paper: DOIs, URLs and eprints as exporters write them, made into links.

Free of Sphinx, used by :mod:`cv.bib.record` and :mod:`cv.bib.checks`. Exporters escape identifiers
for LaTeX (DBLP: ``10.1007/978-3-540-70545-1\\_8``), prefix them (``https://doi.org/``, ``doi:``) or
wrap them (``\\url{...}``); each is unescaped and normalised before it is checked, and a paper
gets one link per address.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.I)
#: Between the DOIs of one field (INSPIRE's article and erratum): a comma and a space.
DOIS_SPLIT_RE = re.compile(r",\s+")
URL_RE = re.compile(r"https?://[^\s<>\"'\\{}|^`]+", re.I)
#: A host name (labels of letters, digits and hyphens; the last, the top-level domain, letters),
#: and a port, as an address without a scheme begins (zbMATH: ``idus.us.es/handle/11441/41889``).
HOST_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?", re.I)
ARXIV_RE = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?")
#: LaTeX escapes that exporters put into identifiers (DBLP: ``10.1007/..._8``).
ADDRESS_ESCAPES_RE = re.compile(r"\\([_%&#~$])|\{\\([_%&#~$])\}|\\url\{(.*)\}|[{}]")

#: What an eprint is by its ``eprinttype`` (or ``archiveprefix``): link text and address.
EPRINTS = {
    "arxiv": ("arXiv", "https://arxiv.org/abs/{}"),
    "hal": ("HAL", "https://hal.science/{}"),
    "pubmed": ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
    "pmid": ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
    "pmcid": ("PMC", "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/"),
    "jstor": ("JSTOR", "https://www.jstor.org/stable/{}"),
    "googlebooks": ("Google Books", "https://books.google.com/books?id={}"),
    "handle": ("Handle", "https://hdl.handle.net/{}"),
}
#: Link fields and the text of their link, in the order the links row shows them.
LINK_LABELS = {
    "pdf": "PDF",
    "doi": "DOI",
    "eprint": "arXiv",  # the text follows the eprint's type
    "url": "Web",
    "code": "Code",
    "slides": "Slides",
    "video": "Video",
    "poster": "Poster",
}


@dataclass(frozen=True, slots=True)
class Link:
    """One link of a paper's links row."""

    label: str  #: "DOI", "arXiv", "Web", ...
    url: str  #: an http(s) address
    field: str  #: the field it came from


def unescape_address(value: str) -> str:
    """An identifier or address as it is meant: ``\\_`` as ``_``, ``\\url{...}`` unwrapped."""

    def replace(match: re.Match[str]) -> str:
        return match.group(1) or match.group(2) or match.group(3) or ""

    return ADDRESS_ESCAPES_RE.sub(replace, value).strip()


def normalise_doi(value: str) -> str | None:
    """``10.x/y`` from a DOI as exporters write it (escaped, prefixed); None if it is none.

    INSPIRE writes an article's DOI and its erratum's in one field, apart by ", ": the first
    is the paper's.
    """
    dois = [DOI_PREFIX_RE.sub("", doi) for doi in DOIS_SPLIT_RE.split(unescape_address(value))]
    return dois[0] if all(DOI_RE.fullmatch(doi) for doi in dois) else None


def web_address(value: str) -> str | None:
    """The http(s) address in *value*, or None for anything that must not become a link."""
    # Mendeley writes several addresses in one field, apart by spaces or a LaTeX "\n": the
    # first is the paper's. Protocol-relative addresses ("//host/...") are read as https.
    for candidate in re.split(r"\s+|\$\\backslash\$n", unescape_address(value)):
        address = f"https:{candidate}" if candidate.startswith("//") else candidate
        if URL_RE.fullmatch(address):
            return address
        if (hosted := without_scheme(candidate)) and hosted[1]:
            return hosted[0]
        if candidate:
            return None
    return None


def without_scheme(candidate: str) -> tuple[str, bool] | None:
    """(``https://`` + *candidate*, whether it is clearly a web address) when *candidate* begins
    with a host name and has no scheme, as zbMATH writes addresses (``idus.us.es/handle/1``).

    Clearly one when a path follows the host or the host is ``www.``'s; a host name alone
    (``example.org``) might as well be a file's name (``paper.pdf``), so it is not read as one.
    """
    host, slash, _ = candidate.partition("/")
    if not HOST_RE.fullmatch(host) or not URL_RE.fullmatch(address := f"https://{candidate}"):
        return None
    return address, bool(slash) or host.lower().startswith("www.")


def eprint_link(eprint: str, eprint_type: str) -> tuple[str, str] | None:
    """(link text, address) of an eprint; arXiv when no type is given and the id is arXiv's."""
    eprint = unescape_address(eprint)
    if not eprint_type and ARXIV_RE.fullmatch(eprint.removeprefix("arXiv:")):
        eprint_type = "arxiv"
    if eprint_type == "arxiv":
        eprint = eprint.removeprefix("arXiv:").removeprefix("arxiv:")
        if not ARXIV_RE.fullmatch(eprint):
            return None
    if eprint_type not in EPRINTS or not eprint or re.search(r"\s", eprint):
        return None
    text, pattern = EPRINTS[eprint_type]
    return text, pattern.format(urllib.parse.quote(eprint, safe="/:.-_~"))


def links_row(
    fields: Mapping[str, str], doi: str, eprint: tuple[str, str] | None
) -> tuple[Link, ...]:
    """The links row of a paper: in LINK_LABELS order, one link per address (a ``url`` that is
    the DOI's address adds nothing)."""
    links: list[Link] = []
    seen: set[str] = set()
    for name, label in LINK_LABELS.items():
        if name == "doi":
            address = f"https://doi.org/{doi}" if doi else None
        elif name == "eprint":
            label, address = eprint or (label, None)
        else:
            address = web_address(fields.get(name, ""))
        if address and (same := _comparable(address)) not in seen:
            seen.add(same)
            links.append(Link(label, address, name))
    return tuple(links)


def _comparable(address: str) -> str:
    """An address as compared for duplicates: no scheme, ``www.``/``dx.`` or trailing slash."""
    address = unicodedata.normalize("NFC", address)
    address = re.sub(r"^https?://(www\.|dx\.)?", "", address, flags=re.I)
    host, _, rest = address.partition("/")
    return f"{host.lower()}/{rest}".rstrip("/")

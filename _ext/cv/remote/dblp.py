"""DBLP: a record's BibTeX (``/rec/<key>.bib``) and a person's (``/pid/<pid>.bib``).

DBLP's "standard" BibTeX is read as the .bib itself is read (:mod:`cv.bib.bibfile`) and brought to
our field model by :func:`cv.remote.crossref.from_bibtex`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .crossref import from_bibtex
from .http import NotFoundError, malformed

if TYPE_CHECKING:
    from .entry import Candidate
    from .http import Remote

#: A record key as users write it: "DBLP:conf/isca/X22", "conf/isca/X22", or its address.
KEY_RE = re.compile(
    r"(?:DBLP:|https?://dblp\.(?:org|uni-trier\.de)/rec/(?:bibtex/)?)?"
    r"((?:conf|journals|books|series|phd|reference|tr|persons|informal|homepages)/[\w./+-]+?)"
    r"(?:\.(?:html|bib|xml))?",
    re.I,
)
#: A person's id as users write it: "66/1234", "l/JaneDoe", or the address of the page.
PID_RE = re.compile(r"(?:https?://dblp\.(?:org|uni-trier\.de)/pid/)?([\w-]+/[\w-]+)(?:\.html)?")


def parse_key(text: str) -> str | None:
    match = KEY_RE.fullmatch(text.strip())
    return match.group(1) if match else None


def parse_pid(text: str) -> str | None:
    match = PID_RE.fullmatch(text.strip())
    return match.group(1) if match else None


def lookup(remote: Remote, key: str) -> Candidate:
    try:
        response = remote.get("dblp", f"rec/{key}.bib")
    except NotFoundError:
        raise NotFoundError(f"not found: DBLP has no record {key}") from None
    candidates = parse(response.content, f"the record {key}")
    wanted = [c for c in candidates if c.dblp_key.lower() == key.lower()] or candidates[:1]
    if not wanted:
        raise malformed("dblp", f"the record {key} holds no BibTeX entry")
    return wanted[0]


def person(remote: Remote, pid: str) -> list[Candidate]:
    try:
        response = remote.get("dblp", f"pid/{pid}.bib")
    except NotFoundError:
        raise NotFoundError(f"not found: DBLP has no person {pid}") from None
    return parse(response.content, f"the bibliography of {pid}")


def parse(content: bytes, what: str) -> list[Candidate]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise malformed("dblp", f"{what} is not UTF-8") from None
    if text.strip() and "@" not in text:
        raise malformed("dblp", f"{what} is not BibTeX")
    return from_bibtex(text, "DBLP", "https://dblp.org/")

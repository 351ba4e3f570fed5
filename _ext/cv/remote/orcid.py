"""ORCID: the works of a public record (``/v3.0/<orcid>/record``, JSON).

A work summary has a title, a type, a date, the venue's name and identifiers, but no authors:
a new work with a DOI is looked up at its source of record (Crossref) before it is written;
one without is only reported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..bib.links import normalise_doi
from .arxiv import parse_id as parse_arxiv
from .entry import Candidate, escape, month_macro, ordered, protect_title
from .http import malformed

if TYPE_CHECKING:
    from .http import Remote

ID_RE = re.compile(r"(?:https?://(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?", re.I)
TYPES = {
    "journal-article": ("article", "journal"),
    "conference-paper": ("inproceedings", "booktitle"),
    "book-chapter": ("incollection", "booktitle"),
    "book": ("book", ""),
    "dissertation-thesis": ("phdthesis", "school"),
    "dissertation": ("phdthesis", "school"),
    "report": ("techreport", "institution"),
    "preprint": ("misc", "howpublished"),
}


def parse_orcid(text: str) -> str | None:
    match = ID_RE.fullmatch(text.strip())
    return match.group(1).upper() if match else None


def works(remote: Remote, orcid: str) -> list[Candidate]:
    missing = f"not found: ORCID has no public record {orcid}"
    what = f"the record of {orcid}"
    data = remote.get_json("orcid", f"{orcid}/record", what, missing, "application/json")
    return from_record(data, orcid)


def value(data: Any, *path: str) -> Any:
    """``data[path[0]][path[1]]...``, or None where any step is missing or of another type."""
    for name in path:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    return data


def from_record(data: Any, orcid: str) -> list[Candidate]:
    groups = value(data, "activities-summary", "works", "group")
    if groups is None and isinstance(data, dict) and "group" in data:
        groups = data["group"]  # the answer of /works, which holds the same groups
    if not isinstance(groups, list):
        raise malformed("orcid", f"the record of {orcid} has no list of works")
    candidates = []
    for group in groups:
        summaries = value(group, "work-summary")
        if not isinstance(summaries, list) or not summaries:
            continue
        candidate = from_summary(summaries[0], orcid)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def from_summary(summary: Any, orcid: str) -> Candidate | None:
    title = value(summary, "title", "title", "value")
    if not isinstance(title, str) or not title.strip():
        return None
    kind = value(summary, "type")
    entry_type, venue_field = TYPES.get(kind if isinstance(kind, str) else "", ("misc", ""))
    year = value(summary, "publication-date", "year", "value")
    month = value(summary, "publication-date", "month", "value")
    fields: dict[str, str] = {
        "title": protect_title(title.strip()),
        "year": year if isinstance(year, str) and re.fullmatch(r"\d{4}", year) else "",
        "month": month_macro(int(month)) if isinstance(month, str) and month.isdigit() else "",
    }
    venue = value(summary, "journal-title", "value")
    if venue_field and isinstance(venue, str) and venue.strip():
        fields[venue_field] = escape(venue.strip())
    ids = value(summary, "external-ids", "external-id")
    for item in ids if isinstance(ids, list) else []:
        kind_of = value(item, "external-id-type")
        found = value(item, "external-id-value")
        if not isinstance(found, str) or value(item, "external-id-relationship") != "self":
            continue
        if kind_of == "doi" and (doi := normalise_doi(found)):
            fields.setdefault("doi", escape(doi))
        elif kind_of == "arxiv" and (arxiv := parse_arxiv(found)):
            fields.setdefault("eprint", arxiv)
            fields.setdefault("archiveprefix", "arXiv")
    put_code = value(summary, "put-code")
    url = f"https://orcid.org/{orcid}" + (f"/work/{put_code}" if put_code else "")
    return Candidate(entry_type, ordered(fields), "ORCID", url)

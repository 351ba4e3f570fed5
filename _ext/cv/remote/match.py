"""Which entry of the .bib a candidate is, and what differs between them.

A candidate is the same paper as an entry with the same DOI, the same arXiv id, or the same
title and year. A published candidate whose title is an entry's that is a preprint (of any
year) is that preprint's published version; a preprint candidate whose title is a published
entry's is a version already in the .bib. Values are compared as a reader sees them (decoded
LaTeX, case, spacing and dashes aside), so a DOI in capitals or a title in braces differs in
nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..bib.dates import month_number
from ..bib.decode import plain
from ..bib.entryfields import read_fields
from ..bib.fields import infer_kind
from .entry import Candidate, arxiv_of, ascii_word, doi_of, split_names, title_key

if TYPE_CHECKING:
    from pybtex.database import Entry

#: Venues of preprints and reports that precede a paper (arXiv's CoRR, ECCC, bioRxiv ...).
PREPRINT_VENUE_RE = re.compile(
    r"\b(corr|arxiv|biorxiv|medrxiv|chemrxiv|ssrn|eccc|preprints?)\b|electron\w*\.? colloquium",
    re.I,
)
#: Fields compared between a candidate and the entry it matches, in report order.
COMPARED = (
    "title", "author", "journal", "booktitle", "howpublished", "volume", "number", "pages",
    "publisher", "year", "month", "doi", "eprint", "archiveprefix",
)  # fmt: skip


@dataclass(frozen=True)
class Local:
    """An entry of the .bib as matching sees it."""

    key: str
    entry: Entry
    fields: dict[str, str]
    doi: str
    arxiv: str
    title: str
    year: int | None
    kind: str

    @classmethod
    def of(cls, key: str, entry: Entry) -> Local:
        fields = read_fields(entry)
        if entry.persons.get("author"):
            fields["author"] = " and ".join(str(p) for p in entry.persons["author"])
        year_match = re.match(r"\s*\{?(\d{4})", fields.get("year", "") or fields.get("date", ""))
        return cls(
            key,
            entry,
            fields,
            doi_of(fields),
            arxiv_of(fields),
            title_key(fields.get("title", "")),
            int(year_match.group(1)) if year_match else None,
            "preprint" if is_preprint(fields, entry) else "published",
        )


def is_preprint(fields: dict[str, str], entry: Entry) -> bool:
    """Whether an entry is a preprint: by its ``kind``, else by its type and venue."""
    kind = fields.get("kind", "").strip() or infer_kind(entry)
    venue = " ".join(fields.get(name, "") for name in ("journal", "howpublished", "booktitle"))
    return kind == "preprint" or bool(PREPRINT_VENUE_RE.search(venue))


@dataclass(frozen=True)
class Match:
    """How a candidate relates to the .bib."""

    relation: str  #: "new", "same", "published" (of a local preprint), "version" (a preprint of)
    local: Local | None = None


@dataclass(frozen=True)
class Change:
    """One field that would change: *old* is "" where the entry lacks it."""

    name: str
    old: str
    new: str

    @property
    def adds(self) -> bool:
        return not self.old.strip()


def find(candidate: Candidate, locals_: list[Local]) -> Match:
    doi, arxiv, title, year = candidate.doi, candidate.arxiv, candidate.title_key, candidate.year
    preprint = is_preprint(candidate.fields, candidate.entry)
    for local in locals_:
        if (doi and doi == local.doi) or (arxiv and arxiv == local.arxiv):
            if local.kind == "preprint" and not preprint:
                return Match("published", local)
            if preprint and local.kind != "preprint":
                return Match("version", local)
            return Match("same", local)
    if title:
        same_title = [local for local in locals_ if local.title == title]
        for local in same_title:
            if local.kind == "preprint" and not preprint:
                return Match("published", local)
            if preprint and local.kind != "preprint":
                return Match("version", local)
            if year is None or local.year is None or local.year == year:
                return Match("same", local)
    return Match("new")


def comparable(name: str, value: str) -> str:
    """*value* of field *name* as compared: what a reader sees, in one spelling."""
    if name == "author":
        return " ".join(family(one) for one in split_names(value))
    if name == "month":
        return str(month_number(value) or value.strip().lower())
    if name == "doi":
        return doi_of({"doi": value})
    text = unicodedata.normalize("NFKC", plain(value)).casefold()
    text = re.sub(r"[\u2010-\u2015-]+", "-", text)
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


def family(name: str) -> str:
    """The family name of one name as BibTeX writes it ("Doe, Jane", "Jane Doe")."""
    from pybtex.database import Person

    try:
        one = Person(name)
    except Exception:
        return ascii_word(name)
    return ascii_word(" ".join(one.last_names)) or ascii_word(name)


def diff(candidate: Candidate, local: Local) -> list[Change]:
    """The fields in which *candidate* adds to or differs from *local*; none if they are of
    different types (a report and a paper, a journal and a conference version)."""
    if candidate.type != local.entry.type.lower():
        return []
    changes = []
    for name in COMPARED:
        new = candidate.fields.get(name, "")
        if not new.strip():
            continue
        old = local.fields.get(name, "")
        if name == "eprint" and local.arxiv and local.arxiv == candidate.arxiv:
            continue
        if comparable(name, old) != comparable(name, new):
            changes.append(Change(name, old, new))
    return changes


def upgrade(candidate: Candidate, local: Local, uses_kind: bool) -> tuple[str, list[Change]]:
    """What turns the preprint *local* into the published *candidate*: its new entry type (""
    if the same) and the changed fields (a preprint's ``howpublished`` and ``kind`` go too)."""
    changes = diff(replace(candidate, type=local.entry.type.lower()), local)
    for name in ("journal", "howpublished"):
        old = local.fields.get(name, "")
        if old and name not in candidate.fields and PREPRINT_VENUE_RE.search(old):
            changes.append(Change(name, old, ""))
    if local.fields.get("volume", "").startswith("abs/") and "volume" not in candidate.fields:
        changes.append(Change("volume", local.fields["volume"], ""))
    if uses_kind or "kind" in local.fields:
        kind = candidate.kind
        if local.fields.get("kind", "") != kind:
            changes.append(Change("kind", local.fields.get("kind", ""), kind))
    new_type = candidate.type if candidate.type != local.entry.type.lower() else ""
    return new_type, changes

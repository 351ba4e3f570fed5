"""The paper record: everything any writer needs about one paper, decoded and normalised once.

The middle of the pipeline (.bib -> **records** -> nodes -> writers), free of Sphinx. A
:class:`Paper` is made from an entry that :mod:`cv.bib.bibfile` read and :mod:`cv.bib.fields`
resolved (crossref, xdata); every writer (the publication lists, JSON-LD, per-paper pages, exports)
reads records and never the .bib again. Text fields are plain Unicode (``title``) with rich text
beside them where formatting matters (``title_rich``); absent fields are ``""`` or ``None``.

One model for BibTeX's and biblatex's data: field names in lower case, whatever case the .bib
wrote them in (HAL, MathSciNet and BibDesk write ``AUTHOR``); biblatex's ``journaltitle`` and
``location`` read as the journal and the address, its ``date`` as the year, month and day
(parsed once, by :func:`cv.bib.dates.entry_date`); months through :func:`cv.bib.dates.read_month`.
An entry's fields are read into this model, and given back as BibTeX, by
:mod:`cv.bib.entryfields`. The public fields as BibTeX (:attr:`Paper.bib_fields`, which
:mod:`cv.formats.bibtex` writes) follow the same model:
BibTeX's names, which BibTeX's styles, pybtex and reference managers read and biblatex reads as
its own; biblatex's ``date`` kept beside the year and month it gives (it may say more: a day, a
range); each name as the .bib wrote it (ties and braces kept).

Records of a build: ``cv.publications.store.records(env)`` (a mapping key -> Paper, in .bib
order).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pybtex.richtext import Text

from . import names
from .dates import entry_date
from .decode import decode, plain
from .entryfields import (
    COUNT_RE,
    bib_fields,
    equal_positions,
    listed_materials,
    read_fields,
    read_pages,
)
from .fields import MATERIALS, infer_kind
from .links import Link, eprint_link, links_row, normalise_doi, unescape_address, web_address

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from pybtex.database import Entry, Person


#: Where the venue's full name is, in the order it is looked up (biblatex names read too).
VENUE_FIELDS = (
    "fjournal", "journal", "journaltitle", "booktitle", "eventtitle", "howpublished", "school",
    "institution", "organization", "publisher",
)  # fmt: skip


# The records' pickling. dataclasses' own for frozen slotted classes looks up the fields of
# each object as it is unpickled: for the tens of thousands in a big .bib's environment,
# loaded by every build, that was a tenth of a no-op rebuild.


def _getstate(record: Any) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in record.__slots__)


def _setstate(record: Any, state: tuple[Any, ...]) -> None:
    for name, value in zip(record.__slots__, state, strict=True):
        object.__setattr__(record, name, value)


@dataclass(frozen=True, slots=True)
class Author:
    """One name of an author or editor list, decoded for display and matching."""

    __getstate__ = _getstate
    __setstate__ = _setstate

    given: str  #: "Jane Q." (first and middle names)
    family: str  #: "Doe" (last names, without the particle)
    particle: str  #: "de", "van der" (von part); "" when none
    suffix: str  #: "Jr." (lineage); "" when none
    text: str  #: the name as shown: "Jane Q. de Doe, Jr."
    person: Person  #: pybtex's Person, as written in the .bib (LaTeX kept)
    owner: bool = False  #: one of cv_owner's variants
    equal: bool = False  #: marked as an equal contributor (the ``equal`` field)
    #: Shown family name first (``text`` is then "堀口翔太"): CJK script, or ``cv_name_order``.
    family_first: bool = False


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper, as every writer needs it. Strings are plain Unicode, ``""`` when absent."""

    __getstate__ = _getstate
    __setstate__ = _setstate

    key: str  #: the BibTeX key as written
    anchor: str  #: its HTML id on the page that lists it (see :func:`anchor_of`)
    type: str  #: the entry type, lower case ("inproceedings")
    kind: str  #: a configured kind ("conference"); from ``kind`` or inferred
    title: str
    authors: tuple[Author, ...]
    et_al: bool  #: the list ended with "and others"
    editors: tuple[Author, ...]
    year: int | None
    month: int | None
    day: int | None
    venue: str  #: the venue's full name, whichever field gave it (journal, booktitle, ...)
    short_venue: str  #: ``shortvenue`` (ours), e.g. "ISPASS"
    journal: str
    booktitle: str
    howpublished: str
    volume: str
    number: str  #: ``number``, or biblatex's ``issue``
    pages: str  #: a page, a range or a list of them, with en dashes: "10–20"
    pages_text: str  #: ``pages`` that is no page, count or article number, as written
    page_count: str  #: how many pages ("8"): ``pagetotal``, ACM's ``numpages``, HAL's ``8p.``
    #: The article's number ("3"): ``eid``, ACM's ``articleno``, MathSciNet's ``Paper No. 3, 25``.
    article_number: str
    publisher: str
    address: str  #: ``address`` or biblatex's ``location``
    institution: str
    school: str
    organization: str
    series: str
    edition: str
    isbn: str
    issn: str
    doi: str  #: normalised: "10.1007/978-3-540-70545-1_8", no prefix, no LaTeX escapes
    url: str
    eprint: str
    eprint_type: str  #: "arxiv", "hal", ... lower case; "" when unknown
    eprint_url: str  #: "" when the eprint's type has no known address
    abstract: str
    note: str
    addendum: str
    pubstate: str
    award: str
    selected: bool
    pdf: str  #: the address of the paper's PDF, "" when none
    links: tuple[Link, ...]  #: the links row: one per address, in LINK_LABELS order
    offline: tuple[str, ...]  #: materials that exist but are not online ("slides", "video")
    digest: str  #: content digest: the entry, the settings and this package's code
    location: str  #: "path:line" of the entry
    position: int  #: in the .bib files: papers of the same date keep the .bib's order
    #: The public fields as BibTeX (:func:`bib_fields`): lower-case names of the record's
    #: model, values as the .bib wrote them (LaTeX), month macros (``jul``) for months, the
    #: names of a list as written with ``and`` between them; in the .bib's order, names first.
    bib_fields: Mapping[str, str] = field(default_factory=dict)
    #: The LaTeX of the parts shown as rich text ("title": title and subtitle, "titleaddon",
    #: "venue", "note", "addendum", "pubstate"), from which the ``*_rich`` properties decode
    #: them: kept as text, a record pickles small and loads fast in a build of thousands.
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def title_rich(self) -> Text:
        """The title (": subtitle", ". titleaddon") as rich text: emphasis, links kept."""
        title = _joined(self.sources.get("title", ()), ": ")
        if addon := self.sources.get("titleaddon"):
            return Text(title, ". ", rich(addon[0]))
        return title

    @property
    def venue_rich(self) -> Text | None:
        """The venue's full name as rich text, None when there is none."""
        return _joined(self.sources["venue"], ": ") if self.sources.get("venue") else None

    @property
    def notes_rich(self) -> dict[str, Text]:
        """Rich text of the fields shown after the reference (note, addendum, pubstate)."""
        return {
            name: rich(self.sources[name][0])
            for name in ("note", "addendum", "pubstate")
            if self.sources.get(name)
        }

    def plain_field(self, name: str) -> str:
        """A public field (lower-case name) as plain text, "" when absent: for what has no
        attribute of its own (``type``, ``eprinttype``)."""
        return plain(self.bib_fields.get(name, ""))

    @property
    def date(self) -> tuple[int, int, int]:
        """(year, month, day) for sorting, 0 where unknown."""
        return (self.year or 0, self.month or 0, self.day or 0)

    @property
    def marked(self) -> bool:
        """Whether some author carries the equal-contribution mark."""
        return any(author.equal for author in self.authors)


def anchor_of(key: str) -> str:
    """The paper's HTML id: its key in lower case, with characters that a URL fragment cannot
    hold percent-encoded (so ``doe_2021`` and ``doe-2021`` stay apart, ``10.1145/3340531`` works).

    BibTeX keys are case-insensitive, so lower case cannot make two keys one; percent-encoding
    ``%`` itself keeps the rule one-to-one.
    """
    return urllib.parse.quote(key.lower(), safe="-._~:/?!$&'()*+,;=@")


def make_author(
    person: Person,
    owners: Sequence[Person],
    equal: bool = False,
    orders: Sequence[tuple[Person, bool]] = (),
) -> Author:
    """An :class:`Author` from a pybtex Person, each part decoded from its LaTeX; *orders*:
    names shown family name first (True) or not (False) whatever their script (cv_name_order)."""

    def part(parts: Iterable[str]) -> str:
        return plain(" ".join(parts))

    given = part(person.first_names + person.middle_names)
    particle = part(person.prelast_names)
    family = part(person.last_names)
    suffix = part(person.lineage_names)
    order = next((first for name, first in orders if names.same_person(person, name)), None)
    first = names.family_first(given, family, order)
    text = names.shown(given, " ".join(filter(None, [particle, family])), first)
    if suffix:
        text += f", {suffix}"
    owner = any(names.same_person(person, owner) for owner in owners)
    return Author(given, family, particle, suffix, text, person, owner, equal, first)


def people(
    persons: Sequence[Person],
    owners: Sequence[Person],
    equal: set[int] = frozenset(),
    orders: Sequence[tuple[Person, bool]] = (),
) -> tuple[tuple[Author, ...], bool]:
    """The names of a list and whether it ended with "and others"."""
    others = bool(persons) and names.is_others(persons[-1])
    listed = persons[:-1] if others else persons
    authors = tuple(
        make_author(person, owners, position in equal, orders)
        for position, person in enumerate(listed, 1)
    )
    return authors, others


def rich(value: str) -> Text:
    return decode(value).text


def make_paper(
    entry: Entry,
    *,
    owners: Sequence[Person],
    kinds: Sequence[str],
    digest: str,
    location: str,
    position: int,
    orders: Sequence[tuple[Person, bool]] = (),
) -> Paper:
    """The record of *entry* (already resolved: crossref and xdata inherited); *orders*: the
    names whose order ``cv_name_order`` sets (see :func:`make_author`)."""
    fields = read_fields(entry)

    def text(*choices: str) -> str:
        return next((plain(fields[name]) for name in choices if fields.get(name)), "")

    equal = equal_positions(fields)
    authors, et_al = people(entry.persons.get("author", []), owners, equal, orders)
    editors, _ = people(entry.persons.get("editor", []), owners, orders=orders)
    year, month, day = entry_date(fields)
    kind = fields.get("kind", "").strip() or infer_kind(entry)
    if kind not in kinds:
        kind = "other" if "other" in kinds else kind
    venue_field = next((name for name in VENUE_FIELDS if fields.get(name)), "")
    venue_parts = [fields[venue_field]] if venue_field else []
    if venue_field in ("journal", "journaltitle", "booktitle"):
        venue_parts += [
            fields[sub] for sub in ("journalsubtitle", "booksubtitle") if fields.get(sub)
        ]
    sources = {
        "title": tuple(fields[name] for name in ("title", "subtitle") if fields.get(name)),
        "venue": tuple(venue_parts),
        **{
            name: (fields[name],)
            for name in ("titleaddon", "note", "addendum", "pubstate")
            if fields.get(name, "").strip()
        },
    }
    venue = plain_joined(sources["venue"])

    eprint = unescape_address(fields.get("eprint", ""))
    eprint_type = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    eprint_found = eprint_link(eprint, eprint_type) if eprint else None
    if eprint_found and not eprint_type:
        eprint_type = "arxiv"
    if not eprint and fields.get("pmid"):
        eprint, eprint_type = fields["pmid"].strip(), "pubmed"
        eprint_found = eprint_link(eprint, eprint_type)
    doi = normalise_doi(fields.get("doi", "")) or ""

    links = links_row(fields, doi, eprint_found)
    pages = read_pages(text("pages"))
    # A count in its own field comes first; ACM writes numpages = {0} for none.
    counts = (text("pagetotal"), text("numpages"))
    page_count = next((count for count in counts if COUNT_RE.fullmatch(count)), pages.count)
    offline = tuple(m for m in listed_materials(fields) if m in MATERIALS and m not in fields)

    return Paper(
        key=entry.key or "",
        anchor=anchor_of(entry.key or ""),
        type=entry.type.lower(),
        kind=kind,
        title=plain_joined(sources["title"])
        + (f". {plain(fields['titleaddon'])}" if "titleaddon" in sources else ""),
        authors=authors,
        et_al=et_al,
        editors=editors,
        year=year,
        month=month,
        day=day,
        venue=venue,
        short_venue=text("shortvenue"),
        journal=text("journal", "journaltitle"),
        booktitle=text("booktitle"),
        howpublished=text("howpublished"),
        volume=text("volume"),
        number=text("number", "issue"),
        pages=pages.pages,
        pages_text=pages.text,
        page_count=page_count,
        article_number=text("eid", "articleno") or pages.article,
        publisher=text("publisher"),
        address=text("address", "location"),
        institution=text("institution"),
        school=text("school"),
        organization=text("organization"),
        series=text("series"),
        edition=text("edition"),
        isbn=text("isbn"),
        issn=text("issn"),
        doi=doi,
        url=web_address(fields.get("url", "")) or "",
        eprint=eprint,
        eprint_type=eprint_type,
        eprint_url=eprint_found[1] if eprint_found else "",
        abstract=text("abstract"),
        note=text("note"),
        addendum=text("addendum"),
        pubstate=text("pubstate"),
        award=text("award"),
        selected=fields.get("selected", "").strip().lower() == "true",
        pdf=web_address(fields.get("pdf", "")) or "",
        links=tuple(links),
        offline=offline,
        digest=digest,
        location=location,
        position=position,
        bib_fields=bib_fields(entry, year, month, pages),
        sources=sources,
    )


def _joined(parts: Sequence[str], sep: str) -> Text:
    """The decoded *parts* as one rich text, *sep* between them."""
    return Text(sep).join([rich(part) for part in parts])


def plain_joined(parts: Sequence[str]) -> str:
    return ": ".join(plain(part) for part in parts)

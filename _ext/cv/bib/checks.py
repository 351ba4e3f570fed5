"""Checks of one .bib entry: everything in it that would not show as its author meant.

Free of Sphinx: :func:`check_entry` returns ``(subtype, message)`` pairs, which the caller logs
at the entry's line as warnings of type ``cv`` (so each subtype can be silenced on its own with
``suppress_warnings = ["cv.<subtype>"]``). The subtypes:

- ``field``: a real data error (a missing title, a year that is no year, a bad ``kind``, ...);
- ``unknown-field``: a field that no data model or exporter we know writes;
- ``owner``: no author is the CV owner; ``link``: an address that cannot be linked;
- ``markup``: HTML or a bare LaTeX special in a field; ``latex``: a LaTeX command we cannot show;
- ``venue``: a venue too long for a list, even cut by :mod:`cv.bib.venues`, and no short one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .dates import DATE_RE, date_against_year, read_month
from .decode import decode
from .entryfields import equal_positions, listed_materials, names_no_page, read_fields
from .fields import MATERIALS, OUR_FIELDS, PUBLIC_FIELDS, is_known, suggest
from .links import EPRINTS, normalise_doi, unescape_address, web_address, without_scheme
from .links import eprint_link as find_eprint
from .venues import LIMIT, listed_venue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pybtex.database import Entry

    from .record import Paper

#: Fields shown as text, checked for markup that would not show as meant.
TEXT_FIELDS = (
    "title", "subtitle", "booktitle", "journal", "journaltitle", "howpublished", "shortvenue",
    "award", "note", "addendum", "pubstate", "school", "institution", "publisher", "series",
)  # fmt: skip
#: Entry types that BibTeX and biblatex allow without an author or editor, or without a year.
NO_AUTHOR_TYPES = frozenset({"proceedings", "mvproceedings", "periodical", "collection",
                             "mvcollection", "reference", "manual", "online", "misc", "booklet",
                             "dataset", "software", "electronic", "www"})  # fmt: skip
NO_YEAR_TYPES = frozenset({"misc", "online", "unpublished", "manual", "booklet", "software",
                           "dataset", "electronic", "www"})  # fmt: skip
#: What a mistyped field may have meant: a field that is shown.
SUGGESTED_FIELDS = sorted(PUBLIC_FIELDS | OUR_FIELDS)
HTML_RE = re.compile(r"</?[A-Za-z!][^>]*>")
#: decode's problem kinds and the warning subtype each is reported under.
DECODE_SUBTYPES = {"macro": "latex", "special": "markup", "math": "markup", "brace": "markup",
                   "link": "link"}  # fmt: skip


def check_entry(entry: Entry, paper: Paper, kinds: Sequence[str], owned: bool) -> list[tuple]:
    """``(subtype, message)`` for each problem of *entry*, whose record is *paper*.

    *owned*: whether an owner is configured (else no owner check).
    """
    problems: list[tuple[str, str]] = []

    def warn(subtype: str, message: str) -> None:
        problems.append((subtype, message))

    fields = read_fields(entry)
    entry_type = entry.type.lower()
    persons = {role.lower() for role, people in entry.persons.items() if people}
    missing = [
        name
        for name, present in (
            ("author", bool(persons & {"author", "editor"}) or entry_type in NO_AUTHOR_TYPES),
            ("title", bool(fields.get("title", "").strip())),
            ("year", paper.year is not None or entry_type in NO_YEAR_TYPES),
        )
        if not present
    ]
    if missing:
        names = " and ".join(filter(None, [", ".join(missing[:-1]), missing[-1]]))
        them = "them" if len(missing) > 1 else "it"
        warn("field", f"no {names}; the paper is shown without {them}")
    for name in fields:
        if not is_known(name):
            hint = suggest(
                name,
                SUGGESTED_FIELDS,
                "it is not shown: remove it, or silence this with "
                "suppress_warnings = ['cv.unknown-field']",
            )
            warn("unknown-field", f"unknown field {name!r}; {hint}")

    kind = fields.get("kind", "").strip()
    if kind and kind not in kinds:
        hint = suggest(kind, kinds, f"use one of {', '.join(kinds)} (cv_kinds in conf.py)")
        warn("field", f"unknown kind {kind!r}; {hint}")
    if fields.get("selected", "true").strip().lower() not in ("true", "false"):
        warn("field", f"selected = {fields['selected']!r}; write true or false")
    year = fields.get("year", "").strip()
    if year and paper.year is None:
        warn("field", f"year {year!r} is not a year; write it as four digits, e.g. 2024")
    if "month" in fields and not read_month(fields["month"])[0]:
        warn("field", f"month {fields['month']!r} is not a month; write it as jan, feb, ...")
    if "date" in fields and not DATE_RE.match(fields["date"].strip()):
        warn("field", f"date {fields['date']!r} is not a date; write it as YYYY-MM-DD")
    elif against := date_against_year(fields):
        warn(
            "field",
            f"date {fields['date']!r} gives the year {against[0]}, but year is {against[1]}; "
            f"{against[1]} is used: write the whole date in date (YYYY-MM-DD), or remove it",
        )

    # Pages that are no range (a count, an article number, text) are shown as they are; only
    # pages with no page in them at all are a mistake.
    if names_no_page(fields.get("pages", "")):
        warn(
            "field",
            f"pages {fields['pages']!r} names no page; it is left out: write the first and last "
            "page, as in 53--68",
        )

    authors = entry.persons.get("author", [])
    if "equal" in fields:
        positions = equal_positions(fields)
        if not positions or not all(1 <= p <= len(authors) for p in positions):
            warn(
                "field",
                f"equal = {fields['equal']!r} must list author positions between 1 and "
                f"{len(authors)}, e.g. {{1, 2}}",
            )
    named = paper.authors or paper.editors
    if owned and named and not any(author.owner for author in (*paper.authors, *paper.editors)):
        warn("owner", "no author is the CV owner (cv_owner); check the spelling of the name")

    for material in listed_materials(fields):
        if material not in MATERIALS:
            hint = suggest(material, MATERIALS, f"use {', '.join(MATERIALS)}")
            warn("field", f"unknown material {material!r} in materials; {hint}")
        elif material in fields:
            warn("field", f"materials names {material!r}, which has an address: remove it there")
    check_links(fields, warn)
    if paper.venue and not listed_venue(paper.venue, paper.short_venue)[1]:
        name = listed_venue(paper.venue, "")[0]
        if len(name) > LIMIT:
            warn(
                "venue",
                f"the venue is {len(name)} characters long ({name[:40]}...), longer than a "
                "list shows well next to other venues; add shortvenue = {ABBR} (the list then "
                "shows 'ABBR year') or shorten the booktitle",
            )
    for name in TEXT_FIELDS:
        if name in fields:
            check_text(fields[name], name, warn)
    for role in ("author", "editor"):
        for person in entry.persons.get(role, []):
            check_text(str(person), role, warn)
    return problems


def check_links(fields: dict[str, str], warn) -> None:
    """Warn about each address that cannot become a link (it is left out)."""
    if "doi" in fields and normalise_doi(fields["doi"]) is None:
        warn("link", f"doi = {fields['doi']!r} is not a DOI (10.NNNN/...); the link is left out")
    for name in ("url", *MATERIALS):
        if name in fields and web_address(fields[name]) is None:
            hint = ""
            if hosted := without_scheme(unescape_address(fields[name])):
                hint = f": if it is a web address, write {hosted[0]}"
            warn(
                "link",
                f"{name} = {fields[name]!r} is not an http(s) address; it is left out{hint}",
            )
    eprint = fields.get("eprint", "")
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    if eprint and kind in EPRINTS and find_eprint(eprint, kind) is None:
        warn(
            "link",
            f"eprint = {unescape_address(eprint)!r} is not a valid {kind} id; it is shown "
            "without a link",
        )


def check_text(value: str, name: str, warn) -> None:
    """Warn about markup that a reader of the .bib might expect to be interpreted."""
    if match := HTML_RE.search(value):
        warn(
            "markup",
            f"{name} contains HTML markup {match.group()!r}; it is shown as text, not as markup",
        )
    problems = decode(value).problems
    for problem in problems:
        # One warning per mistake: "&amp;" is also a bare "&", reported once, as the former.
        if not any(problem.found in other.found != problem.found for other in problems):
            warn(DECODE_SUBTYPES.get(problem.kind, "markup"), f"{name}: {problem.message}")

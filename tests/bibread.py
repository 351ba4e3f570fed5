"""What a .bib says about a paper, read without the engine, and each export read back by its own
reader: the oracle of the export tests (tests/test_exports.py, tests/test_download_defects.py).

The .bib is parsed by pybtex's own parser (not cv.bib.bibfile); the reading on top of it is small
and written here, not imported: field names case-folded; biblatex's ``journaltitle`` a venue like
BibTeX's ``journal`` and ``booktitle``, its ``date`` a year like ``year``; a field a paper lacks
taken from its ``crossref``/``xdata`` parent, as BibTeX does, a whole's title being the venue of
a part in it (biber's rule, which comes first). Each export is read by a reader that is not ours
either: BibTeX by pybtex, RIS by rispy, CSL-JSON by its published schema.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pybtex.errors
from pybtex.database import Entry, Person, parse_string

if TYPE_CHECKING:
    from collections.abc import Mapping

CSL_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "csl-data.json").read_text())
#: Where a .bib names the journal, proceedings or book a paper is in.
VENUES = ("journal", "journaltitle", "booktitle")
#: Where else an export may find a paper's venue or publisher, so that it is not invented.
OTHER_VENUES = ("howpublished", "publisher", "school", "institution", "organization",
                "eventtitle", "series")  # fmt: skip
#: Exporters' field with the venue's full name where ``journal`` abbreviates it (MathSciNet,
#: zbMATH: ``fjournal``): an export may give either.
FULL_VENUES = ("fjournal",)
#: The journal macros that NASA ADS writes (``journal = {\apj}``), as the AAS's LaTeX classes
#: define them: the published table (its source named in the file's header), read as data; a
#: reader with those classes loaded sees the journal's name, and so must an export.
AAS_MACROS = dict(
    line.split("\t")[:2]
    for line in (Path(__file__).parents[1] / "_ext/cv/bib/macros/aastex.tsv")
    .read_text()
    .splitlines()
    if line and not line.startswith("#")
)
#: A whole, and the parts in it whose venue is its title (biber: title -> booktitle, ...).
WHOLES = ("proceedings", "book", "mvbook", "collection", "mvcollection", "periodical",
          "reference", "mvreference", "mvproceedings")  # fmt: skip
PARTS = ("inproceedings", "conference", "inbook", "bookinbook", "suppbook", "incollection",
         "suppcollection", "article", "inreference")  # fmt: skip


@dataclass(frozen=True)
class Said:
    """What the .bib says of one paper: LaTeX as written, pybtex's reading of the names."""

    persons: tuple[Person, ...]  #: pybtex's reading of each author, ``others`` kept
    title: str
    subtitles: tuple[str, ...]  #: biblatex's subtitle and titleaddon, which follow the title
    venue: str  #: journal, journaltitle or booktitle (or a parent's title); "" if none
    others: tuple[str, ...]  #: every other field an export may take a venue or publisher from
    full_venues: tuple[str, ...]  #: the venue's full name where the .bib also gives one (fjournal)
    years: tuple[str, ...]  #: four digits from ``year`` and from ``date`` (they may differ)

    @property
    def authors(self) -> tuple[str, ...]:
        """pybtex's text of each name (``Last, Jr, First``), ``others`` kept."""
        return tuple(str(person) for person in self.persons)

    @property
    def named(self) -> tuple[Person, ...]:
        """The authors without BibTeX's ``others``."""
        return tuple(person for person in self.persons if str(person) != "others")

    @property
    def full_title(self) -> str:
        return " ".join([self.title, *self.subtitles])


def parse(text: str) -> dict[str, Entry]:
    """The entries of *text*, by pybtex's parser (lenient: a broken entry is left out)."""
    pybtex.errors.set_strict_mode(False)
    try:
        with pybtex.errors.capture():
            return dict(parse_string(text, "bibtex").entries)
    finally:
        pybtex.errors.set_strict_mode(True)


def fields_of(entry: Entry) -> dict[str, str]:
    return {name.lower(): value for name, value in entry.fields.items() if value.strip()}


def parents(entry: Entry, entries: Mapping[str, Entry]) -> list[Entry]:
    lookup = {key.lower(): value for key, value in entries.items()}
    fields = fields_of(entry)
    refs = [r.strip().lower() for n in ("xdata", "crossref") for r in fields.get(n, "").split(",")]
    return [lookup[ref] for ref in refs if ref in lookup]


def years_of(fields: Mapping[str, str]) -> tuple[str, ...]:
    """The four-digit years that ``year`` and biblatex's ``date`` begin with; ``\\noopsort{..}``,
    BibTeX's sorting trick, prints nothing."""
    written = (fields.get(name, "") for name in ("year", "date"))
    values = (re.sub(r"\\noopsort\{[^{}]*\}", "", value) for value in written)
    found = (re.match(r"[\s{}]*(-?\d{4})(?!\d)", value) for value in values)
    return tuple(match.group(1) for match in found if match)


def said(key: str, entries: Mapping[str, Entry]) -> Said:
    """What the .bib's entry *key* says, its parents filling in what it lacks."""
    entry = entries[key]
    chain = [entry, *parents(entry, entries)]
    own = fields_of(entry)
    venue = next((own[name] for name in VENUES if name in own), "")
    for parent in chain[1:]:
        theirs = fields_of(parent)
        # biber gives a part its whole's title before the whole's own venue fields.
        if not venue and entry.type.lower() in PARTS and parent.type.lower() in WHOLES:
            venue = theirs.get("title", "")
        venue = venue or next((theirs[name] for name in VENUES if name in theirs), "")
    persons = next(
        (list(e.persons[role]) for e in chain for role in e.persons if role.lower() == "author"),
        [],
    )
    merged = {n: v for e in reversed(chain) for n, v in fields_of(e).items()}
    return Said(
        persons=tuple(persons),
        title=own.get("title", ""),
        subtitles=tuple(own[name] for name in ("subtitle", "titleaddon") if name in own),
        venue=venue,
        others=tuple(merged[name] for name in OTHER_VENUES if name in merged),
        full_venues=tuple(merged[name] for name in FULL_VENUES if name in merged),
        years=next((y for e in chain if (y := years_of(fields_of(e)))), ()),
    )


# -- Comparing text across LaTeX and plain exports ---------------------------------------------


#: Letters LaTeX makes by a command, and Unicode letters that are no accented ASCII letter:
#: both read as the ASCII letters they are written with.
LATEX_LETTERS = {"AA": "A", "aa": "a", "AE": "AE", "ae": "ae", "OE": "OE", "oe": "oe", "O": "O",
                 "o": "o", "L": "L", "l": "l", "ss": "ss", "i": "i", "j": "j"}  # fmt: skip
UNICODE_LETTERS = str.maketrans({"ı": "i", "ȷ": "j", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
                                 "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L"})  # fmt: skip
#: Math operators that print their names (``$n \\log n$`` reads "n log n").
MATH_NAMES_RE = re.compile(
    r"\\(log|ln|lg|exp|sin|cos|tan|max|min|lim|sup|inf|det|dim|ker|deg|gcd|arg|Pr)(?![A-Za-z])"
)
LETTER_RE = re.compile(r"\\(" + "|".join(LATEX_LETTERS) + r")(?![A-Za-z])")


def folded(text: str) -> str:
    """*text*'s letters and digits, in ASCII, case folded, LaTeX commands left out: what must
    survive any export (``{\\'E}tude \\emph{of} {DNA}`` and ``Étude of DNA`` are both
    ``etudeofdna``; ``{\\aa}`` and ``å`` both ``a``)."""
    # DBLP writes math escaped twice: {\textbackslash}mathrm is the command \mathrm.
    text = re.sub(r"\{\\textbackslash\}(?=[A-Za-z])", "\\\\", text)
    text = re.sub(r"\\((?:La)?TeX)\b", r"\1", text)  # the logos, as their names
    text = MATH_NAMES_RE.sub(r"\1", text)  # \log in math prints "log"
    text = LETTER_RE.sub(lambda match: LATEX_LETTERS[match.group(1)], text)
    text = re.sub(r"\\[A-Za-z]+|\\.", "", text)  # commands, accents, escapes
    bare = unicodedata.normalize("NFKD", text.translate(UNICODE_LETTERS))
    return "".join(char for char in bare if char.isascii() and char.isalnum()).casefold()


def same_text(exported: str, written: str) -> bool:
    return folded(exported) == folded(written)


def name_letters(person: Person, suffix: bool = True) -> str:
    """The letters of a name the .bib gives (its suffix, ``Jr.``, only if *suffix*), sorted:
    an export writes ``van Rossum, Guido``, ``Guido van Rossum`` or ``Rossum, Guido van``."""
    words = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    if suffix:
        words += person.lineage_names
    return "".join(sorted(folded(" ".join(words))))


def same_name(exported: str, person: Person, suffix: bool = True) -> bool:
    return "".join(sorted(folded(exported))) == name_letters(person, suffix)


def assert_says(export: str, says: Said, found: Mapping[str, Any], suffix: bool = True) -> None:
    """What an *export* says of a paper (*found*: its ``key``, ``authors``, ``title``,
    ``venue`` and ``year``, as plain text), against what the .bib *says*: an author, a title, a
    venue or a year dropped, or made up, fails. Names compared without a suffix (``Jr.``) when
    the export has no place for one (*suffix* False)."""
    where = f"{export} of {found['key']}"
    authors = found["authors"]
    assert len(authors) == len(says.named), (where, authors, says.authors)
    for name, person in zip(authors, says.named, strict=True):
        assert same_name(name, person, suffix), (where, name, str(person))
    assert same_text(found["title"], says.full_title), (where, found["title"])
    venue = found["venue"]
    if says.venue:
        macro = re.fullmatch(r"\s*\{?\\([A-Za-z]+)\}?\s*", says.venue)
        full = [AAS_MACROS[macro[1]]] if macro and macro[1] in AAS_MACROS else [says.venue]
        full += says.full_venues
        assert any(same_text(venue, name) for name in full), (where, venue, says.venue)
    elif venue:  # from another field of the .bib (howpublished, publisher, school ...)
        assert any(same_text(venue, other) for other in says.others), (where, venue)
    if says.years:
        assert found["year"] in says.years, (where, found["year"], says.years)
    else:
        assert not found["year"], where


# -- Reading the exports back ------------------------------------------------------------------


def read_bibtex(text: str) -> dict[str, Entry]:
    """A BibTeX export, by pybtex's parser in strict mode: any error fails the test."""
    return dict(parse_string(text, "bibtex").entries)


def bibtex_says(entry: Entry) -> Said:
    """What a BibTeX export says of a paper, read as the .bib is (without parents)."""
    return said("k", {"k": entry})


def validate_csl(items: list[dict[str, Any]]) -> None:
    jsonschema.validate(items, CSL_SCHEMA, cls=jsonschema.Draft7Validator)

"""The pybtex style of a paper, correct with any pybtex backend.

A paper reads ``Authors. Title. Full venue name (SHORT YEAR), vol. 7, pp. 1--9, Month Year.
Note.``: the CV owner's name in bold, equal-contribution authors marked ``*``, "et al." for
"and others", the title exactly as written (the stock styles sentence-case it). The style formats
a :class:`cv.bib.record.Paper`, so it shows biblatex data (``date``, ``journaltitle``, ...) and
inherited crossref data as the lists do.

Each part is a :class:`Part`: a backend that knows parts (:class:`cv.publications.nodes.CvBackend`
turns ``cv-pub-title`` into an inline node with that class) marks it; any other backend (pybtex's
HTML, LaTeX, text; sphinxcontrib-bibtex's docutils backend) renders just its text. Registered
with pybtex as ``cv-publications``, for sphinxcontrib-bibtex's ``{bibliography}`` too.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, ClassVar

from pybtex.richtext import BaseMultipartText, Symbol, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.names import name_part
from pybtex.style.template import join

from ..bib.dates import MONTH_NAMES
from ..bib.decode import plain
from ..bib.fields import DEFAULT_KINDS
from ..bib.record import make_paper
from ..bib.venues import LIMIT, listed_venue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pybtex.database import Entry, Person

    from ..bib.record import Author, Paper


#: The style's name for pybtex, e.g. in ``{bibliography}`` with ``:style: cv-publications``.
STYLE_NAME = "cv-publications"

#: What a thesis or report is called by its entry type (or biblatex's ``type`` field).
THESIS_TYPES = {
    "phdthesis": "PhD thesis",
    "mastersthesis": "Master's thesis",
    "mathesis": "Master's thesis",
    "bathesis": "Bachelor's thesis",
    "bachelorsthesis": "Bachelor's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
}


#: A word of a name that ends with a command name (``Bol\cprime``).
COMMAND_END_RE = re.compile(r"\\[A-Za-z]+$")
#: Entry types whose publisher is part of the reference.
BOOK_TYPES = frozenset({"book", "inbook", "incollection", "booklet", "proceedings", "collection"})


class Part(BaseMultipartText):
    """A named part of a paper (``cv-pub-title``): marked by backends that know parts."""

    def __init__(self, name: str, *parts: Any) -> None:
        super().__init__(*parts)
        self.name = name

    def _typeinfo(self) -> tuple[type, tuple[str]]:
        return Part, (self.name,)

    def __repr__(self) -> str:
        return f"Part({self.name!r}, {', '.join(repr(part) for part in self.parts)})"

    def render(self, backend: Any) -> Any:
        text = super().render(backend)
        format_part = getattr(backend, "format_part", None)
        return format_part(self.name, text) if format_part else text


def joined(parts: Sequence[Any], sep: Any = ", ") -> Text:
    """*parts* with *sep* between them (pybtex's ``Text.join``, which drops empty parts)."""
    return Text(sep).join([Text(part) for part in parts if part])


def sentence(*parts: Any, sep: Any = ", ") -> Text:
    """The non-empty *parts* joined, with a full stop unless the last one ends with one."""
    text = joined(parts, sep)
    return text if not text or str(text)[-1:] in ".?!" else Text(text, ".")


def display_name(author: Author) -> Text:
    r"""The name as shown ("Jane Q. de Doe, Jr."), with BibTeX's ties ("J.~Doe").

    pybtex's plain name style, given each word decoded (by :func:`cv.bib.decode.plain`): that style
    reads words with pybtex's own LaTeX parser, which would show ``\ss`` raw. A name shown
    family name first ("堀口翔太", see :mod:`cv.bib.names`) is the record's text.
    """
    if author.family_first:
        return Text(author.text)
    person = author.person
    return name_text(
        tuple(person.first_names + person.middle_names),
        tuple(person.prelast_names),
        tuple(person.last_names),
        tuple(person.lineage_names),
    )


# A group's papers share their authors (the owner is on all of them): each name is formatted
# once per reading of the .bib (cv.publications.load clears the cache after). pybtex's rich text is
# never changed in place, so the papers can share it.
@functools.cache
def name_text(
    given: tuple[str, ...],
    particle: tuple[str, ...],
    family: tuple[str, ...],
    suffix: tuple[str, ...],
) -> Text:
    """A name from the words of its parts (as pybtex splits them), for :func:`display_name`."""

    def words(names: tuple[str, ...]) -> list[Text]:
        # A word that ends with a command runs into the next, as TeX reads the space after a
        # command name as its end: MathSciNet's "Bol\cprime shakov" is one word, Bolʹshakov.
        glued: list[str] = []
        for name in names:
            if glued and COMMAND_END_RE.search(glued[-1]):
                glued[-1] += f" {name}"
            else:
                glued.append(name)
        return [Text(plain(name)) for name in glued]

    return join[
        name_part(tie=True)[words(given)],
        name_part(tie=True)[words(particle)],
        name_part[words(family)],
        name_part(before=", ")[words(suffix)],
    ].format()


def author_list(authors: Sequence[Author], et_al: bool) -> Text:
    """``A, B, and C``: the owner in bold, equal contributors marked, "et al." for others."""
    names = []
    for author in authors:
        name: Any = display_name(author)
        if author.owner:
            name = Tag("strong", name)
        if author.equal:
            name = Text(name, Part("cv-pub-equal", "*"))
        names.append(name)
    if et_al:
        return Text(joined(names), " et al.") if names else Text()
    if len(names) == 2:
        return joined(names, " and ")
    return Text(joined(names[:-1]), ", and ", names[-1]) if len(names) > 2 else joined(names)


def venue(paper: Paper) -> Text:
    """``Full name (SHORT YEAR)``, ``SHORT YEAR`` when the full name is the short one, or what a
    thesis, report or patent is ("PhD thesis, University of Examples"). An exporter's long
    proceedings title is cut to its name (:mod:`cv.bib.venues`)."""
    full: Any = paper.venue_rich
    short = paper.short_venue
    if full and len(str(full)) > LIMIT:  # an exporter's whole proceedings title (cv.bib.venues)
        name, short = listed_venue(str(full), short)
        full = Text(name) if name else Text()
    if full and str(full)[-1:] in ",;":  # "Phys. Rev.," would read "Phys. Rev.,, vol. 7"
        full = full[:-1]
    written_type = paper.plain_field("type")
    what = THESIS_TYPES.get(written_type.lower()) or THESIS_TYPES.get(paper.type)
    if paper.type in ("phdthesis", "mastersthesis", "thesis") or paper.type.endswith("report"):
        label = written_type if written_type and not what else what
        full = joined([Text(label or "Report", " ", paper.number) if paper.number
                       and paper.type.endswith("report") else label, full])  # fmt: skip
    elif paper.type == "patent":
        full = joined([Text("Patent ", paper.number) if paper.number else "Patent", full])
    if not short:
        return Text(full) if full else Text()
    short_year = " ".join(filter(None, [short, str(paper.year or "")]))
    if not full or str(full) == short:
        return Text(short_year)
    return Text(full, " (", short_year, ")")


def details(paper: Paper) -> list[Any]:
    """Volume, number, article number and pages (or how many there are: "8 pages", as
    biblatex writes ``pagetotal``); edition, publisher and address of a book or chapter."""
    parts: list[Any] = []
    if paper.volume:
        parts.append(f"vol. {paper.volume}")
    if paper.number and not paper.type.endswith("report") and paper.type != "patent":
        parts.append(f"no. {paper.number}")
    if paper.article_number and not re.match(
        rf"{re.escape(paper.article_number)}(?![0-9A-Za-z])", paper.pages
    ):  # not when the pages say it: ADS's eid 44, pages 44; ACM's articleno 7, pages 7:1--7:4
        parts.append(f"Article {paper.article_number}")
    if paper.pages:
        pages = Text(Symbol("ndash")).join(Text(p) for p in re.split("\N{EN DASH}", paper.pages))
        parts.append(Text("pp. " if re.search(r"\D", paper.pages) else "p. ", pages))
    else:
        parts.append(paper.pages_text)  # text, no page range: as written, without "pp."
        if paper.page_count:
            parts.append(f"{paper.page_count} page{'' if paper.page_count == '1' else 's'}")
    if paper.publisher and paper.venue != paper.publisher and paper.type in BOOK_TYPES:
        parts.append(paper.publisher)
    if paper.edition:
        parts.append(f"{paper.edition} edition" if paper.edition.isalpha() else paper.edition)
    return parts


def date(paper: Paper) -> str:
    month = MONTH_NAMES[paper.month - 1] if paper.month else ""
    return " ".join(filter(None, [month, str(paper.year) if paper.year is not None else ""]))


def paper_text(paper: Paper) -> Text:
    """The whole formatted paper, as pybtex rich text."""
    editors = not paper.authors and paper.editors
    people = author_list(paper.editors if editors else paper.authors, paper.et_al)
    if editors and people:
        people = Text(people, ", editors" if len(paper.editors) > 1 else ", editor")
    venue_text = venue(paper)
    where = [Part("cv-pub-venue", venue_text) if venue_text else None, *details(paper)]
    when = date(paper)
    sentences = [
        sentence(Part("cv-pub-authors", people)) if people else None,
        sentence(Part("cv-pub-title", paper.title_rich)) if paper.title else None,
        sentence(*where, Part("cv-pub-date", when) if when else None),
        *(sentence(Part(f"cv-pub-{name}", text)) for name, text in paper.notes_rich.items()),
    ]
    return joined(sentences, " ")


class Style(UnsrtStyle):
    """unsrt's labels and sorting; each paper formatted by :func:`paper_text`.

    ``owners`` are the CV owner's names; sphinxcontrib-bibtex creates the style without
    arguments, so they default to ``cv_owner`` (set by :func:`cv.publications.load.bind_owner`).
    """

    default_owners: ClassVar[tuple[Person, ...]] = ()
    default_kinds: ClassVar[tuple[str, ...]] = tuple(DEFAULT_KINDS)
    default_orders: ClassVar[tuple[tuple[Person, bool], ...]] = ()

    def __init__(self, owners: Sequence[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.owners = tuple(self.default_owners if owners is None else owners)

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        paper = make_paper(
            entry, owners=self.owners, kinds=self.default_kinds, digest="", location="",
            position=0, orders=self.default_orders,
        )  # fmt: skip
        return FormattedEntry(entry.key, paper_text(paper), label)

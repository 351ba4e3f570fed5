"""CSL-JSON, from which the citations are formatted, and the citation styles themselves.

A paper record becomes one CSL-JSON item (:func:`csl_item`), the format every reference manager
reads (Zotero, Mendeley, pandoc), from which the citations are formatted. RIS, Highwire tags and
JSON-LD are mapped from the record by their own modules; what they share with this item (the
type of work, its container, its issuer) is read once, by :mod:`cv.formats.work`. The citations
are formatted (:mod:`cv.formats.cslprocessor`) with official CSL styles (IEEE, APA, ACM, vendored
unchanged in the ``csl-styles`` folder beside this module, or any style file a user names), not
by hand-written formats; this module finds, checks and prepares those styles.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from .citeproc import CitationError
from .work import container, date_parts, issuer, named_authors, work_type

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .protocol import Author, PaperRecord


#: The ``genre`` CSL gives a thesis, so styles print "PhD thesis".
GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}

#: The citation styles shown on every paper page by default (``cv_citation_styles``): CSL
#: style name (a file of :data:`STYLE_FOLDER`), and its label.
STYLES = {
    "ieee": "IEEE",
    "apa": "APA",
    "association-for-computing-machinery": "ACM",
}
#: The official CSL files of :data:`STYLES`, unchanged, with their licence and sources: the
#: folder moves with this module.
STYLE_FOLDER = Path(__file__).with_name("csl-styles")


def csl_name(author: Author) -> dict[str, Any]:
    """A CSL name; a one-part name (a collaboration) is a literal, so no style abbreviates it."""
    if not (author.given and author.family):
        return {"literal": " ".join(filter(None, [author.given, author.particle, author.family]))}
    name: dict[str, Any] = {"family": author.family, "given": author.given}
    if author.particle:
        name["non-dropping-particle"] = author.particle
    if author.suffix:
        name["suffix"] = author.suffix
    if author.family_first:
        # CSL's processors put a CJK-script name's family first by themselves; this says so
        # for any name (cv_name_order), and keeps the CSL-JSON's readers in step.
        name["static-ordering"] = True
    return name


def csl_item(paper: PaperRecord) -> dict[str, Any]:
    """The paper as one CSL-JSON item: only the fields the record has, as plain text."""
    kind = work_type(paper)
    item: dict[str, Any] = {"id": paper.key, "type": kind, "citation-key": paper.key}
    if paper.title:
        item["title"] = paper.title
    if authors := [csl_name(author) for author in named_authors(paper)]:
        item["author"] = authors
    if parts := date_parts(paper):
        item["issued"] = {"date-parts": [parts]}
    if venue := container(paper):
        item["container-title"] = venue
    fields = {
        "volume": paper.volume,
        "page": paper.pages or paper.pages_text,
        "number-of-pages": paper.page_count,
        "ISBN": paper.isbn,
        "ISSN": paper.issn,
        "DOI": paper.doi,
        "URL": paper.url,
        "abstract": paper.abstract,
    }
    # A report's number is its report number; anywhere else the issue, and CSL's number the
    # article's (as Zotero's "Article Number" is; APA's style prints "Article 3").
    fields["number" if kind == "report" else "issue"] = paper.number
    if kind != "report":
        fields["number"] = paper.article_number
    fields["publisher"] = issuer(paper)
    if kind == "thesis":
        fields["genre"] = GENRES.get(paper.type, "")
    item.update({name: value for name, value in fields.items() if value})
    return item


# -- Citation styles ---------------------------------------------------------------------------

CSL_NS = "http://purl.org/net/xbiblio/csl"


def style_file(style: str, base: str | Path = ".") -> Path:
    """The CSL file of *style*: a path ending in ``.csl`` (relative to *base*, the folder of
    conf.py), else the name of a style of :data:`STYLE_FOLDER` (``ieee``)."""
    if style.endswith(".csl"):
        return Path(base, Path(style).expanduser())
    return STYLE_FOLDER / f"{style}.csl"


def style_problem(style: object, base: str | Path = ".") -> str | None:
    """Why *style* cannot format the paper pages' citations, or None if it can."""
    if not isinstance(style, str) or not style.strip():
        return f"{style!r} is no style name or file"
    path = style_file(style, base)
    if not style.endswith(".csl"):  # a bundled style's name: the files are tested
        if path.is_file():
            return None
        names = ", ".join(sorted(p.stem for p in STYLE_FOLDER.glob("*.csl")))
        return f"{style!r} is none of the styles cv bundles ({names}) and no .csl file"
    try:
        root = ElementTree.parse(path).getroot()
    except OSError as error:
        return f"cannot read {str(path)!r}: {error.strerror}"
    except ElementTree.ParseError as error:
        return f"{str(path)!r} is not XML: {error}"
    if root.tag != f"{{{CSL_NS}}}style":
        return f"{str(path)!r} is not a CSL style"
    if root.find(f"{{{CSL_NS}}}bibliography") is None:
        # A dependent style (a journal's alias of another) has none: its parent does.
        return f"{str(path)!r} has no bibliography (a dependent style? name its parent's file)"
    return None


def styles_digest(styles: Iterable[str], base: str | Path = ".") -> str:
    """A digest of *styles*' names and files as they are now: cheaper than :func:`load_style`
    (no pandoc run), for telling whether a build's citations are still those of the styles."""
    digest = hashlib.sha256()
    for style in styles:
        try:
            text = style_file(style, base).read_bytes()
        except OSError:
            text = b""
        digest.update(hashlib.sha256(style.encode()).digest() + hashlib.sha256(text).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Style:
    """A CSL style as pandoc gets it: :func:`single_item_style` of its file."""

    csl: bytes


def load_style(style: str | Style, base: str | Path = ".") -> Style:
    """*style* (see :func:`style_file`), read now: an edited file is read again."""
    if isinstance(style, Style):
        return style
    try:
        source = style_file(style, base).read_bytes()
    except OSError as error:
        raise CitationError(f"cannot read the CSL style {style!r}: {error.strerror}") from error
    return _style_of(source)


@functools.cache
def _style_of(source: bytes) -> Style:
    single = single_item_style(source)
    return Style(single)


def single_item_style(source: bytes) -> bytes:
    """The CSL style *source*, made to format each item as if it were cited alone.

    pandoc formats a batch as one bibliography, where a style may tell items of the same
    authors and year apart ("2024a") or replace repeated authors by a dash; on a paper's page
    the paper is cited alone, so those rules are taken out, and the bibliography's sort (one
    item needs none; sorting a batch is a sixth of pandoc's time).
    """
    tree = ElementTree.ElementTree(ElementTree.fromstring(source))
    ElementTree.register_namespace("", CSL_NS)
    for element, prefix in (("citation", "disambiguate-"), ("bibliography", "subsequent-")):
        for node in tree.iter(f"{{{CSL_NS}}}{element}"):
            for attribute in [a for a in node.attrib if a.startswith(prefix)]:
                del node.attrib[attribute]
            node.attrib.pop("givenname-disambiguation-rule", None)
    for bibliography in tree.iter(f"{{{CSL_NS}}}bibliography"):
        for sort in bibliography.findall(f"{{{CSL_NS}}}sort"):
            bibliography.remove(sort)
    return ElementTree.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True)

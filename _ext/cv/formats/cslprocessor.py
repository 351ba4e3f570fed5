"""The citations of the paper pages, formatted by a CSL processor from CSL-JSON items.

The processor is pandoc's citeproc (bundled by pypandoc-binary, 155 MiB of the install): 5,000
papers in the three styles take it 11 s of CPU where citeproc-py 0.11.1, the one lighter
choice, takes 61 s, and 37% of the test corpus's citations differ, mostly where pandoc
follows the style and citeproc-py does not (README, "Which CSL processor"; bench/csl.py).
pandoc reads a batch of items and prints its document model as JSON, whose formatting (Emph,
Strong, ...) is kept as private-use marks that the data cannot hold; the marked text becomes
docutils nodes or LaTeX, each escaped by its own rules.

Apart from :mod:`cv.formats.csl` (the items and the styles, which need no processor): this is
what runs a program and reads its output.
"""

from __future__ import annotations

import functools
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

from docutils import nodes
from sphinx.util import texescape

from .csl import CitationError, Style, load_style

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence


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
    """Each CSL item formatted in *style* (see :func:`cv.formats.csl.load_style`), as marked
    text (see :func:`to_nodes`), by id.

    Each as if cited alone (:func:`cv.formats.csl.single_item_style`), in batches of
    :data:`BATCH` items per pandoc run. Raises :class:`~cv.formats.csl.CitationError` when
    pandoc is missing or fails.
    """
    return _format(_bibliographies(items), load_style(style))


def format_styles(
    items: Sequence[dict[str, Any]], styles: Mapping[str, Style]
) -> dict[str, dict[str, str]]:
    """:func:`format_citations` in each style (by name), the styles' pandoc runs side by side,
    from the same batches of items (made once, not once per style)."""
    batches = _bibliographies(items)
    with ThreadPoolExecutor() as pool:  # each thread waits on its pandoc process
        futures = {name: pool.submit(_format, batches, style) for name, style in styles.items()}
        formatted = {}
        for name, future in futures.items():
            try:
                formatted[name] = future.result()
            except CitationError as error:
                if pandoc() is None:  # no style's fault
                    raise
                raise CitationError(f"style {name!r}: {error}") from error
        return formatted


def _bibliographies(items: Sequence[dict[str, Any]]) -> list[tuple[list[str], str]]:
    """The items in batches of :data:`BATCH`, each as pandoc reads it: the items' ids, and
    their CSL-JSON with the marks' code points dropped and ids of our own (pandoc makes HTML
    ids of them, which any .bib key need not be)."""
    batches = []
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        data = [
            {
                **_protect({k: v for k, v in item.items() if k not in ("id", "citation-key")}),
                "id": f"item{number}",
            }
            for number, item in enumerate(batch)
        ]
        batches.append(([item["id"] for item in batch], json.dumps(data, ensure_ascii=False)))
    return batches


def _format(batches: list[tuple[list[str], str]], style: Style) -> dict[str, str]:
    """The citations of :func:`_bibliographies`' *batches* in *style*, by id."""
    formatted: dict[str, str] = {}
    for ids, bibliography in batches:
        formatted.update(zip(ids, _run_pandoc(bibliography, len(ids), style), strict=True))
    return formatted


def _run_pandoc(bibliography: str, count: int, style: Style) -> list[str]:
    """One pandoc run: the citations of the *count* items of *bibliography* (CSL-JSON text,
    ids ``item0`` ...), in their order."""
    tool = pandoc()
    if tool is None:
        msg = "pandoc is not installed: pip install -r requirements.txt (pypandoc-binary)"
        raise CitationError(msg)
    with tempfile.TemporaryDirectory(prefix="cv-csl-") as folder:
        bibliography_file, csl_file = Path(folder, "items.json"), Path(folder, "style.csl")
        bibliography_file.write_text(bibliography, "utf-8")
        csl_file.write_bytes(style.csl)
        command = [tool, "--sandbox", "-f", "markdown", "-t", "json", "--citeproc"]
        command += ["--bibliography", str(bibliography_file), "--csl", str(csl_file)]
        run = subprocess.run(
            command, input=_DOCUMENT, capture_output=True, encoding="utf-8", check=False
        )
    if run.returncode != 0:
        raise CitationError(f"pandoc failed: {run.stderr.strip()}")
    entries = _entries(json.loads(run.stdout)["blocks"])
    return [entries.get(f"ref-item{number}", "") for number in range(count)]


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

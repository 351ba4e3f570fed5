"""The citations of the paper pages: CSL items formatted by pandoc's citeproc, as marked text,
and that text as docutils nodes.

The processor is pandoc's citeproc (bundled by pypandoc-binary, 155 MiB of the install): 5,000
papers in the three styles take it 11 s of CPU where citeproc-py 0.11.1, the one lighter
choice, takes 61 s, and 37% of the test corpus's citations differ, mostly where pandoc
follows the style and citeproc-py does not (docs/benchmark.md, "Which CSL processor";
bench/csl.py). pandoc runs in a process of its own (:mod:`cv.formats.citeproc`), which keeps
its formatting (Emph, Strong, ...) as private-use marks that the data cannot hold; the marked
text becomes docutils nodes here, which the HTML writer escapes.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

from . import citeproc
from .csl import Style, load_style

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence


#: Formatting marks: (open, close) per docutils node.
MARKS = {
    name: citeproc.MARKS[inline]
    for inline, name in (
        ("Emph", "emphasis"),
        ("Strong", "strong"),
        ("Superscript", "superscript"),
        ("Subscript", "subscript"),
        ("SmallCaps", "smallcaps"),
    )
}
MARK_RE = re.compile("[\ue100-\ue10f]")
_OPENERS = {opener: name for name, (opener, _) in MARKS.items()}


def format_citations(items: Sequence[dict[str, Any]], style: str | Style) -> dict[str, str]:
    """Each CSL item formatted in *style* (see :func:`cv.formats.csl.load_style`), as marked
    text (see :func:`to_nodes`), by id: as if cited alone
    (:func:`cv.formats.csl.single_item_style`). Raises :class:`~cv.formats.csl.CitationError`
    when pandoc is missing or fails."""
    texts = {item["id"]: json.dumps(item, ensure_ascii=False) for item in items}
    return format_styles(texts, {"style": load_style(style)})["style"]


def format_styles(
    items: Mapping[str, str], styles: Mapping[str, Style]
) -> dict[str, dict[str, str]]:
    """:func:`format_citations` of *items* (id -> the item's CSL-JSON text, as a build keeps
    it) in each style (by name), the styles' pandoc runs side by side in one process
    (:mod:`cv.formats.citeproc`)."""
    return citeproc.run(items, {name: style.csl for name, style in styles.items()})


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

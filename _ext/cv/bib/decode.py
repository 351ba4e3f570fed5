"""The LaTeX of one BibTeX field as pybtex rich text, for every output.

BibTeX fields are LaTeX: ``S{\\'{e}}bastien``, ``\\emph{k}-SAT``, ``{DNN}``, ``$O(n^2)$``,
``AT\\&T``. pybtex's own reader (latexcodec + ``Text.from_latex``) keeps ``\\$ \\{ \\textless``
and every unknown command as raw text and reads a bare ``%`` as a comment that swallows the rest
of the field. Here pylatexenc's ``LatexWalker`` parses the field into nodes, and what the nodes
mean for a reader becomes pybtex rich text: Unicode strings, ``Protected`` for case-protecting
braces, ``Tag`` for formatting and ``HRef`` for http(s) links. Every backend then escapes the
text itself (pybtex_docutils gives docutils nodes, which Sphinx's HTML and LaTeX writers escape),
so a literal ``& % $ # _ { } ~ ^ \\ < >`` comes out as exactly that character, with no
private-use stand-ins.

What each command means, and how the walker reads its arguments, is :mod:`cv.bib.texcommands`;
walking one field's nodes into rich text, and noting what cannot be shown as meant, is
:mod:`cv.bib.texreader`. This module is the way in: the project's and the exporters' own
commands expanded first, fields with no LaTeX or braces only read without the walker, and every
reading cached (:func:`decode`, :func:`plain`).

Tags emitted: ``em``, ``strong``, ``tt``, ``sup``, ``sub`` (pybtex_docutils makes them emphasis,
strong, literal, superscript and subscript nodes) and ``cv-sc`` for small capitals, which no
stock backend knows (ours turns ``cv-*`` tags into inline nodes with that class).

Nothing here raises: what cannot be read as meant is shown as written and returned as a
:class:`~cv.bib.texreader.Problem`, for the caller to warn with the file, line and key it knows.
"""

from __future__ import annotations

import contextlib
import functools
import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pybtex.markup import LaTeXParser
from pybtex.richtext import BaseText, String, Text
from pybtex.scanner import PybtexSyntaxError
from pylatexenc import latexwalker as lw

from .texcommands import EXPORTER_MACROS, PLAIN
from .texreader import SPACE_RE, Reader

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .texreader import Problem


@dataclass(frozen=True)
class Decoded:
    """A decoded field. Cached and shared between callers: treat ``text`` as immutable."""

    text: Text
    plain: str
    problems: tuple[Problem, ...] = ()


ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
#: What makes a field LaTeX rather than plain text: without any of it, the parser is skipped.
LATEX_RE = re.compile(r"[\\{}$~%&#_^]|--|``|''|[!?]`")
#: What LaTeX reads specially besides braces: a field with braces only (``{DNN}``, Better
#: BibTeX's ``{{Title}}``, most fields with any LaTeX) needs only pybtex's brace parser.
BEYOND_BRACES_RE = re.compile(r"[\\$~%&#_^]|--|``|''|[!?]`")


# -- Macros ------------------------------------------------------------------------------------

#: The commands expanded before a field is read: the exporters' tables
#: (:data:`cv.bib.texcommands.EXPORTER_MACROS`) and the project's own (``cv_bibtex_macros``).
MACROS: dict[str, str] = dict(EXPORTER_MACROS)
#: What the expansion pass reads: a link's address (kept as written), TeX's ``\char`` in its
#: four forms (```\\``, ``"5C``, ``'134``, ``92``), a command name, or any other escape.
EXPAND_RE = re.compile(
    r"\\(?:url|href)\s*\{[^{}]*\}"
    r"|\\char\s*(?:`\\?(?P<quoted>.)|\"(?P<hex>[0-9A-Fa-f]{1,6})|'(?P<octal>[0-7]{1,7})"
    r"|(?P<decimal>[0-9]{1,7}))"
    r"|\\(?P<name>[A-Za-z]+)(?P<space>[ \t\r\n]*)"
    r"|\\.",
    re.DOTALL,
)
#: How a character that ``\char`` gives is written back, where LaTeX reads it otherwise.
CHAR_ESCAPES = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "$": "\\$", "&": "\\&", "#": "\\#",
    "%": "\\%", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
}  # fmt: skip
CONTROL_WORD_END_RE = re.compile(r"\\[A-Za-z]+$")


def use_macros(macros: Mapping[str, str]) -> None:
    """Expand the project's own commands (``cv_bibtex_macros``: name -> LaTeX) besides the
    exporters'; a command of both is the project's. Cached readings are dropped."""
    MACROS.clear()
    MACROS.update(EXPORTER_MACROS)
    MACROS.update(macros)
    decode.cache_clear()


def expand(value: str) -> str:
    """*value* with each command of :data:`MACROS` replaced by its expansion, and each
    ``\\char`` by its character, as TeX would: the spaces after a command name are its own.

    One pass: an expansion is not expanded again, so no definition can loop.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name is not None:
            if name not in MACROS:
                return match.group()
            expansion = MACROS[name]
            # A command at its end would run into the letters after it: \Bbb Q is \mathbb Q.
            return expansion + " " if CONTROL_WORD_END_RE.search(expansion) else expansion
        if match.group("quoted") is not None:
            char = match.group("quoted")
        elif (code := match.group("hex") or match.group("octal") or match.group("decimal")) is None:
            return match.group()
        else:
            number = int(code, 16 if match.group("hex") else 8 if match.group("octal") else 10)
            char = chr(number) if number <= 0x10FFFF else ""
        if not char.isprintable():
            return ""
        return CHAR_ESCAPES.get(char, char)

    return EXPAND_RE.sub(replace, value)


# -- API ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def decode(value: str) -> Decoded:
    """One field's LaTeX as rich text, its plain text and what could not be shown as meant.

    Cached: names, venues and publishers repeat across thousands of entries, and each field is
    read more than once (checks, style, labels).
    """
    value = SPACE_RE.sub(" ", value).strip(" ")
    if "\\" in value:
        value = expand(value).strip(" ")
    if not LATEX_RE.search(value):
        return Decoded(Text(value), value)
    reader = Reader()
    try:
        text = rich_text(value, reader)
        squeeze(text)
        plain = text.render(PLAIN)
    except (lw.LatexWalkerError, RecursionError):
        # Nesting deeper than Python's stack: no real field, but never a traceback. Shown as
        # written, so what was found on the way (a lone $) is not how it is shown.
        reader.problems.clear()
        reader.report("syntax", value[:40], "this is not readable LaTeX; it is shown as written")
        text, plain = Text(value), value
    for match in ENTITY_RE.finditer(plain):
        if (char := html.unescape(match.group())) != match.group():
            # ACM's old exports: \&\#38; for &, Acad\&eacute;mie for Académie.
            reader.report(
                "html",
                match.group(),
                f"{match.group()} is an HTML character reference, shown as is; write {char}",
            )
    return Decoded(text, plain, tuple(reader.problems.values()))


def rich_text(value: str, reader: Reader) -> Text:
    """The rich text of a field that holds LaTeX."""
    if not BEYOND_BRACES_RE.search(value):
        # pybtex's parser is 20 times faster than the walker; it raises on unbalanced braces,
        # which the walker then reports.
        with contextlib.suppress(PybtexSyntaxError):
            return LaTeXParser(value).parse()
    return Text(*reader.read(reader.escape_lone_dollars(reader.escape_percent(dblp_math(value)))))


def squeeze(text: BaseText) -> None:
    """Collapse the spaces that commands leave next to each other (``x \\\\ y``), as TeX does."""
    for part in getattr(text, "parts", ()):
        if isinstance(part, String):
            part.value = SPACE_RE.sub(" ", part.value)
        else:
            squeeze(part)


#: DBLP writes the math of titles as text: ``{\textdollar}{\textbackslash}alpha{\textdollar}``.
DBLP_MATH_RE = re.compile(r"\{\\textdollar\}(.+?)\{\\textdollar\}")


def dblp_math(value: str) -> str:
    """*value* with DBLP's escaped math read as the math it was (``$\\alpha$``), where the
    text between the dollars holds commands or scripts; two dollar amounts stay as written."""

    def unescape(match: re.Match[str]) -> str:
        math = decode(match.group(1)).plain
        return f"${math}$" if re.search(r"[\\^_]", math) else match.group()

    return DBLP_MATH_RE.sub(unescape, value)


def plain(value: str) -> str:
    """A field as plain text (labels, metadata, search, name matching): ``{\\"u}`` is ``ü``."""
    return decode(value).plain

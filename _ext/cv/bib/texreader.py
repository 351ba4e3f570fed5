"""One field's LaTeX walked into pybtex rich text, with what cannot be shown as meant.

pylatexenc's ``LatexWalker`` parses the field (tolerantly: nothing raises) into nodes; the
:class:`Reader` turns each into rich text parts (Unicode strings, ``Protected`` for
case-protecting braces, ``Tag`` for formatting, ``HRef`` for http(s) links), math into text with
italics and scripts, and notes each :class:`Problem` (an unknown command, a special character,
math never closed, an unbalanced brace, a link that is no web address) once. What the commands
mean is :mod:`cv.bib.texcommands`; when the walker is needed at all, and the cache, are
:mod:`cv.bib.decode`, which is the way in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from pybtex.richtext import BaseText, HRef, Protected, Tag, Text
from pylatexenc import latexwalker as lw

from .texcommands import (
    DECLARATIONS,
    FONT_COMMANDS,
    KNOWN_TO_LATEX2TEXT,
    LATEX2TEXT,
    MATH_ALPHANUMERICS,
    MATH_CHARS,
    PLAIN,
    QUOTE_COMMANDS,
    SILENT,
    SPECIAL_ADVICE,
    SYMBOLS,
    UPRIGHT_MATH,
    WALKER_CONTEXT,
    incomplete,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

#: One piece of rich text: a string or a pybtex rich text object.
Part = str | BaseText


@dataclass(frozen=True)
class Problem:
    """Something in a field that is not shown as its author may have meant."""

    kind: str  #: ``macro``, ``special``, ``math``, ``brace``, ``link``, ``html`` or ``syntax``
    found: str  #: the LaTeX as written, e.g. ``\\foo`` or ``&``
    message: str  #: what is shown instead and how to fix it, without the field's name


LINK_SCHEMES = ("http", "https")
#: Characters kept in a link's address; any other is percent-encoded, so the address is safe
#: even where a backend does not escape it (pybtex's own HTML backend).
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
#: A run of letters (one italic word) or any one other character of math.
MATH_TOKEN_RE = re.compile(r"[^\W\d_]+|.", re.DOTALL)
#: A bare ``%``, and what must be skipped to find one (a command, an escape, a link's address).
PERCENT_RE = re.compile(r"\\(?:url|href)\s*\{[^{}]*\}|\\(?:[A-Za-z@]+|.)|%", re.DOTALL)
#: Dollars and braces, and what must be skipped to find them (as for a bare ``%``).
DOLLAR_RE = re.compile(r"\\(?:url|href)\s*\{[^{}]*\}|\\(?:[A-Za-z@]+|.)|\$\$?|[{}]", re.DOTALL)
SPACE_RE = re.compile(r"[ \t\r\n]+")


class Reader:
    """One field's conversion: pylatexenc's nodes to rich text parts, collecting problems."""

    def __init__(self) -> None:
        self.source = ""
        self.problems: dict[tuple[str, str], Problem] = {}

    def report(self, kind: str, found: str, message: str) -> None:
        self.problems.setdefault((kind, found), Problem(kind, found, message))

    def read(self, source: str) -> list[Part]:
        self.source = source
        walker = lw.LatexWalker(source, latex_context=WALKER_CONTEXT, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        return self.nodes(nodes, 0, len(source))

    def escape_percent(self, value: str) -> str:
        """*value* with each bare ``%`` escaped: LaTeX would read a comment, but BibTeX users
        mean a percent sign (``50% faster``). In a link's address it is part of the address."""

        def escape(match: re.Match[str]) -> str:
            if match.group() != "%":
                return match.group()
            self.report("special", "%", f"% is shown as is; {SPECIAL_ADVICE['%']}")
            return "\\%"

        return PERCENT_RE.sub(escape, value)

    def escape_lone_dollars(self, value: str) -> str:
        """*value* with each ``$`` (or ``$$``) that opens math never closed escaped, and reported:
        a lone ``$`` is more likely a dollar sign than math that runs on. Math ends at the
        latest with the group it begins in (TeX's rule), so ``{A $}`` holds a lone ``$`` too,
        whose math the walker would let swallow the group's closing brace."""
        opened: list[tuple[str, int] | None] = [None]  # per group: its math still open
        lone: list[tuple[str, int]] = []
        for match in DOLLAR_RE.finditer(value):
            token, math = match.group(), opened[-1]
            if token == "{":
                opened.append(None)
            elif token == "}" and len(opened) > 1:
                lone += filter(None, [opened.pop()])
            elif token.startswith("$"):
                if math is None:
                    opened[-1] = (token, match.start())
                elif token == math[0]:
                    opened[-1] = None
                elif math[0] == "$":  # $a$$b$: one dollar closes the math, the other opens
                    opened[-1] = ("$", match.start() + 1)
        lone += filter(None, opened)
        for delimiter, start in sorted(lone, key=lambda math: -math[1]):
            self.report(
                "math", delimiter, f"{delimiter} opens math that is never closed; write \\$ for $"
            )
            value = value[:start] + delimiter.replace("$", "\\$") + value[start + len(delimiter) :]
        return value

    def nodes(self, nodelist: Sequence[Any], start: int | None, stop: int | None) -> list[Part]:
        """The parts of *nodelist*, which spans ``source[start:stop]`` (if known).

        What the tolerant walker skipped (a stray ``}``, a lone trailing ``\\``) is shown as
        written and reported.
        """
        parts: list[Part] = []
        nodelist = [node for node in nodelist if node is not None]
        for index, node in enumerate(nodelist):
            parts += self.skipped(start, node.pos)
            start = node.pos + node.len
            if isinstance(node, lw.LatexMacroNode) and node.macroname in DECLARATIONS:
                rest = self.nodes(nodelist[index + 1 :], start, stop)
                return [*parts, *tagged(DECLARATIONS[node.macroname], rest)]
            parts += self.node(node)
        return parts + self.skipped(start, stop)

    def skipped(self, start: int | None, stop: int | None) -> list[Part]:
        if start is None or stop is None:
            return []
        text = self.source[start:stop]
        if not text.strip():
            return [" "] if text else []
        found = text.strip()
        if set(found) <= set("{}"):
            self.report("brace", found, f"{found} is unbalanced; it is shown as is")
        else:
            self.report("syntax", found, f"{found} is not LaTeX that can be read here; shown as is")
        return [text]

    def node(self, node: Any) -> list[Part]:
        """The parts of one node in text mode; a group protects its case, as in BibTeX."""
        if isinstance(node, lw.LatexCharsNode):
            return [self.chars(node.chars)]
        if isinstance(node, lw.LatexGroupNode):
            if not closed(node, "}"):
                self.report("brace", "{", "a { is never closed; close it with }")
            content = self.nodes(node.nodelist, node.pos + 1, end_of(node))
            return [Protected(*content)] if content else []
        if isinstance(node, lw.LatexMacroNode):
            return self.macro(node)
        if isinstance(node, lw.LatexSpecialsNode):
            return self.specials(node)
        if isinstance(node, lw.LatexMathNode):
            return self.math_node(node)
        # An environment, which no field should hold: its content is shown.
        name = getattr(node, "environmentname", "")
        self.report("macro", f"\\begin{{{name}}}", f"environment {name!r} is shown as text")
        return self.nodes(getattr(node, "nodelist", []), None, None)

    def chars(self, text: str) -> str:
        for char in sorted(set(text) & {"#", "_", "^"}):
            self.report("special", char, f"{char} is shown as is; {SPECIAL_ADVICE[char]}")
        return SPACE_RE.sub(" ", text)

    def specials(self, node: Any) -> list[Part]:
        if node.specials_chars == "&":
            self.report("special", "&", f"& is shown as is; {SPECIAL_ADVICE['&']}")
            return ["&"]
        return [LATEX2TEXT.node_to_text(node)]

    def macro(self, node: Any) -> list[Part]:
        name = node.macroname
        if incomplete(node):
            self.report("macro", f"\\{name}", f"\\{name} is missing an argument in {{...}}")
            return []
        args = [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg]
        if name in FONT_COMMANDS:
            content = self.args(args[-1:], upright=name in UPRIGHT_MATH)
            return tagged(FONT_COMMANDS[name], content)
        if name in QUOTE_COMMANDS:
            return ["“", *self.args(args[-1:]), "”"]
        if name in ("url", "href"):
            return self.link(name, args)
        if name in SILENT:
            return []
        if name in SYMBOLS:
            return [SYMBOLS[name]]
        if name in ("^", "~") and not Text(*self.args(args)).render(PLAIN):
            return [name]  # \^{} and \~{}: the character itself, as LaTeX users write it
        if name in KNOWN_TO_LATEX2TEXT:
            # latex2text reads the arguments itself: a command in them that it cannot show as
            # meant (\mathbb{\input{x}}) would vanish unreported.
            for inner in commands_in(args):
                if not known(inner.macroname):
                    self.report("macro", f"\\{inner.macroname}", UNKNOWN.format(inner.macroname))
            text = LATEX2TEXT.node_to_text(node).translate(MATH_ALPHANUMERICS)
            text = unicodedata.normalize("NFC", text)
            if node.parsing_state.in_math_mode and node.macro_post_space and not args:
                text += " "  # $\alpha x$; not after an argument ($\mathbb Q x$)
            return [text]
        self.report("macro", f"\\{name}", UNKNOWN.format(name))
        return self.args(args)

    def args(self, args: Sequence[Any], upright: bool = False) -> list[Part]:
        """The parts of a command's arguments (their braces delimit them, not protect them)."""
        parts: list[Part] = []
        for arg in args:
            if arg.parsing_state.in_math_mode:
                nodelist = arg.nodelist if isinstance(arg, lw.LatexGroupNode) else [arg]
                parts += self.math(nodelist, upright)
            elif isinstance(arg, lw.LatexGroupNode):
                parts += self.nodes(arg.nodelist, arg.pos + 1, end_of(arg))
            else:
                parts += self.node(arg)
        return parts

    def link(self, name: str, args: Sequence[Any]) -> list[Part]:
        """A link for an http(s) address; any other (``javascript:``, a file) is text."""
        if not args:
            return []
        written = args[0].chars if isinstance(args[0], lw.LatexCharsNode) else ""
        address = re.sub(r"\\([%#&_~$\\{}])", r"\1", written).strip()
        text = self.args(args[1:]) if name == "href" else [address]
        parts = urlsplit(address) if address.isprintable() else None
        if parts and parts.scheme.lower() in LINK_SCHEMES and parts.netloc:
            return [HRef(quote(address, safe=URL_SAFE), *text)]
        self.report(
            "link",
            address,
            f"\\{name}{{{address}}} is not an http(s) address; it is shown as text, not a link",
        )
        return text

    # -- Math ----------------------------------------------------------------------------------

    def math_node(self, node: Any) -> list[Part]:
        opening, closing = node.delimiters
        if not closed(node, closing):
            # A lone $ is more likely a dollar sign than math that runs to the end of the field.
            self.report(
                "math", opening, f"{opening} opens math that is never closed; write \\$ for $"
            )
            rest = Reader()
            parts = rest.read(self.source[node.pos + len(opening) : node.pos + node.len])
            self.problems.update(rest.problems)
            return [opening, *parts]
        return self.math(node.nodelist)

    def math(self, nodelist: Sequence[Any], upright: bool = False) -> list[Part]:
        """Math as text: letters in italics (unless *upright*, as in ``\\mathrm``), commands as
        their characters, ``^``/``_`` as super- and subscripts."""
        parts: list[Part] = []
        tokens = list(math_tokens(nodelist))
        while tokens:
            token = tokens.pop(0)
            if isinstance(token, lw.LatexMacroNode) and token.macroname in DECLARATIONS:
                # {\bf G} and {\rm Sym} (AMS-TeX, MathSciNet): the rest of the group so set.
                name = token.macroname
                italic = DECLARATIONS[name] == "em"
                rest = self.math(tokens, upright=not italic)
                return parts + tagged(None if italic else DECLARATIONS[name], rest)
            if isinstance(token, str) and token in ("^", "_"):
                while tokens and isinstance(tokens[0], str) and tokens[0].isspace():
                    tokens.pop(0)
                if not tokens:
                    self.report("special", token, f"{token} has nothing to raise or lower")
                    parts.append(token)
                    continue
                script = tokens.pop(0)
                if isinstance(script, str) and len(script) > 1:
                    # A script without braces is one character: $2^nd$ raises the n only.
                    script, tokens[:0] = script[0], [script[1:]]
                script_parts = self.math([script], upright)
                parts += tagged("sup" if token == "^" else "sub", script_parts)
            elif isinstance(token, str):
                parts.append(
                    Tag("em", token)
                    if token.isalpha() and not upright
                    else SPACE_RE.sub(" ", token)
                )
            elif isinstance(token, lw.LatexGroupNode):
                parts += self.math(token.nodelist, upright)
            elif isinstance(token, lw.LatexMacroNode):
                parts += self.macro(token)
            elif isinstance(token, lw.LatexSpecialsNode):
                parts += self.specials(token)
            else:
                parts += self.node(token)
        return parts


UNKNOWN = (
    "unknown LaTeX command \\{} is left out, any argument shown as plain text; write the text "
    "it stands for"
)


def known(name: str) -> bool:
    """Whether the reader shows command *name* as meant."""
    return (
        name in FONT_COMMANDS
        or name in QUOTE_COMMANDS
        or name in DECLARATIONS
        or name in SILENT
        or name in SYMBOLS
        or name in KNOWN_TO_LATEX2TEXT
        or name in ("url", "href")
    )


def commands_in(nodelist: Sequence[Any]) -> Iterator[Any]:
    """The command nodes in *nodelist*, at any depth (in groups, math and arguments)."""
    for node in nodelist:
        if node is None:
            continue
        if isinstance(node, lw.LatexMacroNode):
            yield node
            yield from commands_in(node.nodeargd.argnlist if node.nodeargd else [])
        else:
            yield from commands_in(getattr(node, "nodelist", None) or [])


def math_tokens(nodelist: Sequence[Any]) -> Iterator[Any]:
    """Math nodes with their characters one by one (runs of letters together), as ``^`` and
    ``_`` take the next character or node."""
    for node in nodelist:
        if node is None:
            continue
        if isinstance(node, lw.LatexCharsNode) and node.parsing_state.in_math_mode:
            for match in MATH_TOKEN_RE.finditer(node.chars.translate(MATH_CHARS)):
                yield match.group()
        else:
            yield node


def closed(node: Any, closing: str) -> bool:
    """Whether a group or math node has its closing delimiter. The tolerant walker ends an
    unclosed one with the field, where the last ``}`` may be a nested group's (``{{}``)."""
    inner = max((child.pos + child.len for child in node.nodelist if child), default=node.pos)
    return inner + len(closing) <= node.pos + node.len and node.latex_verbatim().endswith(closing)


def end_of(group: Any) -> int:
    """Where the content of a group node ends (before its closing brace, if it has one)."""
    end = group.pos + group.len
    return end - 1 if closed(group, "}") else end


def tagged(name: str | None, parts: list[Part]) -> list[Part]:
    return [Tag(name, *parts)] if name and parts else parts

"""The LaTeX of one BibTeX field as pybtex rich text, for every output.

BibTeX fields are LaTeX: ``S{\\'{e}}bastien``, ``\\emph{k}-SAT``, ``{DNN}``, ``$O(n^2)$``,
``AT\\&T``. pybtex's own reader (latexcodec + ``Text.from_latex``) keeps ``\\$ \\{ \\textless``
and every unknown command as raw text and reads a bare ``%`` as a comment that swallows the rest
of the field. Here pylatexenc's ``LatexWalker`` parses the field into nodes and its latex2text
tables give the characters; what the nodes mean for a reader becomes pybtex rich text:
Unicode strings, ``Protected`` for case-protecting braces, ``Tag`` for formatting and ``HRef``
for http(s) links. Every backend then escapes the text itself (pybtex_docutils gives docutils
nodes, which Sphinx's HTML and LaTeX writers escape), so a literal ``& % $ # _ { } ~ ^ \\ < >``
comes out as exactly that character, with no private-use stand-ins.

Tags emitted: ``em``, ``strong``, ``tt``, ``sup``, ``sub`` (all known to pybtex's backends and to
pybtex_docutils) and ``cv-sc`` for small capitals, which no stock backend knows (ours turns
``cv-*`` tags into inline nodes with that class).

Nothing here raises: what cannot be read as meant is shown as written and returned as a
:class:`Problem`, for the caller to warn with the file, line and key it knows.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.richtext import BaseText, HRef, Protected, String, Tag, Text
from pylatexenc import latexwalker as lw
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.macrospec import MacroSpec, MacroStandardArgsParser, ParsedMacroArgs

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

#: One piece of rich text: a string or a pybtex rich text object.
Part = str | BaseText


@dataclass(frozen=True)
class Problem:
    """Something in a field that is not shown as its author may have meant."""

    kind: str  #: ``macro``, ``special``, ``math``, ``brace``, ``link`` or ``syntax``
    found: str  #: the LaTeX as written, e.g. ``\\foo`` or ``&``
    message: str  #: what is shown instead and how to fix it, without the field's name


@dataclass(frozen=True)
class Decoded:
    """A decoded field. Cached and shared between callers: treat ``text`` as immutable."""

    text: Text
    plain: str
    problems: tuple[Problem, ...] = ()


# -- What commands mean ------------------------------------------------------------------------
# Only structure is listed here (which commands format, link or declare); the characters that
# commands stand for come from pylatexenc's latex2text tables.

#: Commands whose last argument is formatted (None: shown as plain text).
FONT_COMMANDS: dict[str, str | None] = {
    **dict.fromkeys(("emph", "textit", "textsl", "mathit"), "em"),
    **dict.fromkeys(("textbf", "mathbf", "boldsymbol"), "strong"),
    **dict.fromkeys(("texttt", "mathtt"), "tt"),
    "textsc": "cv-sc",
    "textsuperscript": "sup",
    "textsubscript": "sub",
    **dict.fromkeys(
        ("textrm", "textsf", "textup", "textmd", "textnormal", "text", "mbox", "hbox", "autocap"),
        None,
    ),
    **dict.fromkeys(("mathrm", "mathsf", "mathnormal", "ensuremath", "operatorname"), None),
}
#: Quoting commands of csquotes and biblatex.
QUOTE_COMMANDS = frozenset(("enquote", "mkbibquote"))
#: ``{\em ...}``-style declarations: the rest of the group is formatted.
DECLARATIONS: dict[str, str | None] = {
    **dict.fromkeys(("em", "it", "itshape", "sl", "slshape"), "em"),
    **dict.fromkeys(("bf", "bfseries"), "strong"),
    **dict.fromkeys(("tt", "ttfamily"), "tt"),
    **dict.fromkeys(("sc", "scshape"), "cv-sc"),
    **dict.fromkeys(
        ("rm", "sf", "upshape", "normalfont", "rmfamily", "sffamily", "mdseries"), None
    ),
}
#: Commands that show nothing: spacing and hyphenation hints, and the sort key of the
#: ``\noopsort{key}`` idiom (its argument is only for BibTeX's sorting).
SILENT = frozenset(("noopsort", "relax", "protect", "xspace", "/", "-", "left", "right", "nobreak"))
#: Commands that latex2text (pylatexenc 2.11) does not know or reads otherwise: its
#: ``\textasciicircum`` is U+02C6, a modifier letter, where LaTeX prints ``^``.
SYMBOLS = {
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textquotedbl": '"',
    "textunderscore": "_",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciicircum": "^",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textdollar": "$",
    "copyright": "©",
    "\\": " ",
    "slash": "/",
    "hyphen": "-",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2ε",
    "BibTeX": "BibTeX",
}
#: How to write a special character that is shown as is but means something else to LaTeX.
SPECIAL_ADVICE = {
    "&": "write \\& for an ampersand",
    "%": "LaTeX reads % as the start of a comment; write \\% for a percent sign",
    "#": "write \\# for a number sign",
    "_": "write \\_ for an underscore, or $x_1$ for a subscript",
    "^": "write \\^{} for a circumflex, or $x^2$ for a superscript",
}
LINK_SCHEMES = ("http", "https")
#: Characters kept in a link's address; any other is percent-encoded, so the address is safe
#: even where a backend does not escape it (pybtex's own HTML backend).
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def _script_chars(kind: str) -> dict[str, str]:
    """Unicode's super- or subscript form of each digit and sign (``2`` -> ``²``).

    Derived from the character database, not typed in. Letters are left out: few fonts have
    them, so a lettered script stays a ``sup``/``sub`` tag.
    """
    chars = {}
    for code in (0xB2, 0xB3, 0xB9, *range(0x2070, 0x20A0)):
        form, _, base = unicodedata.decomposition(chr(code)).partition(" ")
        if form == kind and base and not chr(int(base, 16)).isalpha():
            chars[chr(int(base, 16))] = chr(code)
    return chars


SCRIPTS = {"sup": _script_chars("<super>"), "sub": _script_chars("<sub>")}
#: Math characters shown as their typeset forms.
MATH_CHARS = str.maketrans({"-": "−", "'": "′"})


class _PlainBackend(PlaintextBackend):
    """pybtex's plain text, with super- and subscripts in Unicode where it has them."""

    def format_tag(self, tag_name: str, text: str) -> str:
        forms = SCRIPTS.get(tag_name)
        if forms and text and all(char in forms for char in text):
            return "".join(forms[char] for char in text)
        return text


PLAIN = _PlainBackend()


# -- Parsing -----------------------------------------------------------------------------------


class _VerbatimArgs(MacroStandardArgsParser):
    """``\\url{...}``/``\\href{...}{text}``: the address read as written, as hyperref reads it,
    so a ``%`` or ``#`` in it is part of the address; the other arguments are parsed."""

    def parse_args(self, w: lw.LatexWalker, pos: int, parsing_state: Any = None) -> Any:
        start = pos
        while start < len(w.s) and w.s[start].isspace():
            start += 1
        if not w.s.startswith("{", start):
            return super().parse_args(w, pos, parsing_state=parsing_state)
        depth, end = 0, start
        while end < len(w.s):
            char = w.s[end]
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth == 0:
                break
            end += 2 if char == "\\" else 1
        address = w.make_node(
            lw.LatexCharsNode,
            parsing_state=parsing_state,
            chars=w.s[start + 1 : end],
            pos=start + 1,
            len=max(end - start - 1, 0),
        )
        argnlist = [address]
        after = min(end + 1, len(w.s))
        if len(self.argspec) > 1:
            rest = MacroStandardArgsParser(self.argspec[1:])
            argd, rest_pos, rest_len = rest.parse_args(w, after, parsing_state=parsing_state)
            argnlist += argd.argnlist
            after = rest_pos + rest_len
        return ParsedMacroArgs(argnlist=argnlist, argspec=self.argspec), pos, after - pos


def _walker_context() -> Any:
    """pylatexenc's LaTeX context, plus the arguments of commands BibTeX data uses."""
    # \verb reads to a delimiter of its choice and raises at the end of a field: unknown here.
    context = lw.get_default_latex_context_db().filter_context(exclude_categories=["verbatim"])
    context.add_context_category(
        "bibtex",
        prepend=True,
        macros=[
            MacroSpec("url", args_parser=_VerbatimArgs("{")),
            MacroSpec("href", args_parser=_VerbatimArgs("{{")),
            MacroSpec("noopsort", "{"),
            MacroSpec("enquote", "*{"),
            MacroSpec("mkbibquote", "{"),
            MacroSpec("autocap", "{"),
            MacroSpec("textsuperscript", "{"),
            MacroSpec("textsubscript", "{"),
            MacroSpec("textnormal", "{"),
            MacroSpec("hbox", "{"),
            MacroSpec("boldsymbol", "{"),
            MacroSpec("operatorname", "*{"),
        ],
    )
    return context


WALKER_CONTEXT = _walker_context()


def incomplete(node: Any) -> bool:
    """Whether a command misses an argument: the tolerant walker then gives it none at all."""
    spec = WALKER_CONTEXT.get_macro_spec(node.macroname)
    return node.nodeargd is None and spec is not None and "{" in spec.args_parser.argspec


class _Latex2Text(LatexNodes2Text):
    """latex2text, leaving out a command that misses an argument, wherever it is nested: its
    templates (``%(1)s/%(2)s`` for ``\\frac``) would fail and show themselves."""

    def macro_node_to_text(self, node: Any) -> str:
        return "" if incomplete(node) else super().macro_node_to_text(node)


LATEX2TEXT = _Latex2Text(math_mode="text")

#: A bare ``%``, and what must be skipped to find one (a command, an escape, a link's address).
PERCENT_RE = re.compile(r"\\(?:url|href)\s*\{[^{}]*\}|\\(?:[A-Za-z@]+|.)|%", re.DOTALL)
SPACE_RE = re.compile(r"[ \t\r\n]+")
#: What makes a field LaTeX rather than plain text: without any of it, the parser is skipped.
LATEX_RE = re.compile(r"[\\{}$~%&#_^]|--|``|''|[!?]`")


class _Reader:
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
        return self.nodes(nodes, 0, len(source), protected=False)

    def escape_percent(self, value: str) -> str:
        """*value* with each bare ``%`` escaped: LaTeX would read a comment, but BibTeX users
        mean a percent sign (``50% faster``). In a link's address it is part of the address."""

        def escape(match: re.Match[str]) -> str:
            if match.group() != "%":
                return match.group()
            self.report("special", "%", f"% is shown as is; {SPECIAL_ADVICE['%']}")
            return "\\%"

        return PERCENT_RE.sub(escape, value)

    def nodes(
        self, nodelist: Sequence[Any], start: int | None, stop: int | None, protected: bool
    ) -> list[Part]:
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
                rest = self.nodes(nodelist[index + 1 :], start, stop, protected)
                return [*parts, *tagged(DECLARATIONS[node.macroname], rest)]
            parts += self.node(node, protected)
        return parts + self.skipped(start, stop)

    def skipped(self, start: int | None, stop: int | None) -> list[Part]:
        if start is None or stop is None:
            return []
        text = self.source[start:stop]
        if not text.strip():
            return [" "] if text else []
        kind = "brace" if set(text.strip()) <= set("{}") else "syntax"
        self.report(kind, text.strip(), f"{text.strip()!r} is unbalanced; it is shown as is")
        return [text]

    def node(self, node: Any, protected: bool) -> list[Part]:
        """The parts of one node in text mode."""
        if isinstance(node, lw.LatexCharsNode):
            return [self.chars(node.chars)]
        if isinstance(node, lw.LatexGroupNode):
            if not node.latex_verbatim().endswith("}"):
                self.report("brace", "{", "a { is never closed; close it with }")
            content = self.nodes(node.nodelist, node.pos + 1, end_of(node), protected=True)
            return content if protected or not content else [Protected(*content)]
        if isinstance(node, lw.LatexMacroNode):
            return self.macro(node)
        if isinstance(node, lw.LatexSpecialsNode):
            return self.specials(node)
        if isinstance(node, lw.LatexMathNode):
            return self.math_node(node)
        # An environment, which no field should hold: its content is shown.
        name = getattr(node, "environmentname", type(node).__name__)
        self.report("macro", f"\\begin{{{name}}}", f"environment {name!r} is shown as text")
        return self.nodes(getattr(node, "nodelist", []), None, None, protected)

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
            content = self.args(args[-1:])
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
            text = unicodedata.normalize("NFC", LATEX2TEXT.node_to_text(node))
            if node.parsing_state.in_math_mode and node.macro_post_space:
                text += " "
            return [text]
        self.report(
            "macro",
            f"\\{name}",
            f"unknown LaTeX command \\{name}: its argument is shown as plain text; "
            "write the text it stands for",
        )
        return self.args(args)

    def args(self, args: Sequence[Any]) -> list[Part]:
        """The parts of a command's arguments (their braces do not protect case again)."""
        parts: list[Part] = []
        for arg in args:
            if arg.parsing_state.in_math_mode:
                parts += self.math(arg.nodelist if isinstance(arg, lw.LatexGroupNode) else [arg])
            elif isinstance(arg, lw.LatexGroupNode):
                parts += self.nodes(arg.nodelist, arg.pos + 1, end_of(arg), protected=True)
            else:
                parts += self.node(arg, protected=True)
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
        if not node.latex_verbatim().endswith(closing):
            # A lone $ is more likely a dollar sign than math that runs to the end of the field.
            self.report(
                "math", opening, f"{opening} opens math that is never closed; write \\$ for $"
            )
            rest = _Reader()
            parts = rest.read(self.source[node.pos + len(opening) : node.pos + node.len])
            self.problems.update(rest.problems)
            return [opening, *parts]
        return self.math(node.nodelist)

    def math(self, nodelist: Sequence[Any]) -> list[Part]:
        """Math as text: letters in italics, commands as their characters, ``^``/``_`` as
        super- and subscripts."""
        parts: list[Part] = []
        tokens = list(math_tokens(nodelist))
        while tokens:
            token = tokens.pop(0)
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
                parts += tagged("sup" if token == "^" else "sub", self.math([script]))
            elif isinstance(token, str):
                parts.append(Tag("em", token) if token.isalpha() else SPACE_RE.sub(" ", token))
            elif isinstance(token, lw.LatexGroupNode):
                parts += self.math(token.nodelist)
            elif isinstance(token, lw.LatexMacroNode):
                parts += self.macro(token)
            elif isinstance(token, lw.LatexSpecialsNode):
                parts += self.specials(token)
            else:
                parts += self.node(token, protected=True)
        return parts


def math_tokens(nodelist: Sequence[Any]) -> Iterator[Any]:
    """Math nodes with their characters one by one (runs of letters together), as ``^`` and
    ``_`` take the next character or node."""
    for node in nodelist:
        if node is None:
            continue
        if isinstance(node, lw.LatexCharsNode) and node.parsing_state.in_math_mode:
            for match in re.finditer(r"[^\W\d_]+|.", node.chars.translate(MATH_CHARS), re.S):
                yield match.group()
        else:
            yield node


def end_of(group: Any) -> int:
    """Where the content of a group node ends (before its closing brace, if it has one)."""
    end = group.pos + group.len
    return end - 1 if group.latex_verbatim().endswith("}") else end


def tagged(name: str | None, parts: list[Part]) -> list[Part]:
    return [Tag(name, *parts)] if name and parts else parts


#: The commands latex2text has a replacement for (accents, letters, symbols, math).
KNOWN_TO_LATEX2TEXT = frozenset(
    spec.macroname for spec in LATEX2TEXT.latex_context.iter_macro_specs()
)


# -- API ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def decode(value: str) -> Decoded:
    """One field's LaTeX as rich text, its plain text and what could not be shown as meant.

    Cached: names, venues and publishers repeat across thousands of entries, and each field is
    read more than once (checks, style, labels).
    """
    value = SPACE_RE.sub(" ", value).strip(" ")
    if not LATEX_RE.search(value):
        return Decoded(Text(value), value)
    reader = _Reader()
    try:
        text = Text(*reader.read(reader.escape_percent(dblp_math(value))))
    except (lw.LatexWalkerError, RecursionError):
        # Nesting deeper than Python's stack: no real field, but never a traceback.
        reader.report("syntax", value[:40], "this is not readable LaTeX; it is shown as written")
        text = Text(value)
    squeeze(text)
    return Decoded(text, text.render(PLAIN), tuple(reader.problems.values()))


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

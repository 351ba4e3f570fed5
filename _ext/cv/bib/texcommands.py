"""What the LaTeX of BibTeX fields stands for: the vocabulary :mod:`cv.bib.texreader` reads with.

Which commands format, quote, link or declare; which show nothing; which characters the others,
and math, stand for in Unicode; how pylatexenc's walker reads the arguments of the commands that
BibTeX data uses (biblatex's ``\\mkbibquote``, hyperref's ``\\url``, ``\\noopsort``). Kept apart
from the reader that walks a field's nodes, because the two change for different reasons: a new
exporter's command is one line here and no change to how a field is read, and the reader's logic
(groups, scripts, problems) reads top to bottom without tables in the way.

Only structure is typed in; the characters come from pylatexenc's latex2text tables and from
Unicode's character database.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from pybtex.backends.plaintext import Backend as PlaintextBackend
from pylatexenc import latexwalker as lw
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.macrospec import MacroSpec, MacroStandardArgsParser, ParsedMacroArgs

# -- What commands mean ------------------------------------------------------------------------

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
#: Math commands that set the style of their letters (upright, or \mathit's own italics).
UPRIGHT_MATH = frozenset(("mathrm", "mathsf", "mathtt", "mathbf", "mathit", "operatorname"))
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
#: Commands that show nothing: spacing and hyphenation hints, phantoms, and the sort key of the
#: ``\noopsort{key}`` idiom (its argument is only for BibTeX's sorting).
SILENT = frozenset([
    "noopsort", "phantom", "hphantom", "vphantom", "relax", "protect", "xspace", "/", "-",
    "left", "right", "nobreak",
])  # fmt: skip
#: Commands that latex2text (pylatexenc 2.11) does not know or reads otherwise: its
#: ``\textasciicircum`` is U+02C6, a modifier letter, where LaTeX prints ``^``.
SYMBOLS = {
    "textless": "<", "textgreater": ">", "textbar": "|", "textquotedbl": '"',
    "textunderscore": "_", "textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^",
    "textasciitilde": "~", "textbackslash": "\\", "textdollar": "$", "copyright": "©",
    "\\": " ", "slash": "/", "hyphen": "-",
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX",
}  # fmt: skip
#: Math operators that latex2text (pylatexenc 2.11) does not know: shown as their names, upright.
OPERATORS = (
    "arccos", "arcsin", "arctan", "arg", "cosh", "cot", "coth", "csc", "deg", "det", "dim",
    "gcd", "hom", "inf", "ker", "lg", "liminf", "limsup", "ln", "Pr", "sec", "sinh", "sup",
    "tanh",
)  # fmt: skip
#: Commands latex2text knows but that mean nothing in a field: they would vanish (a file's
#: inclusion, a document's title) or show a placeholder ("<cit.>"). Reported as unknown.
UNSUPPORTED = frozenset({
    "input", "include", "includeonly", "includegraphics", "author", "date", "title",
    "maketitle", "section", "chapter", "cite", "citep", "citet", "ref", "eqref", "cref",
    "Cref", "autoref",
})  # fmt: skip
#: How to write a special character that is shown as is but means something else to LaTeX.
SPECIAL_ADVICE = {
    "&": "write \\& for an ampersand",
    "%": "LaTeX reads % as the start of a comment; write \\% for a percent sign",
    "#": "write \\# for a number sign",
    "_": "write \\_ for an underscore, or $x_1$ for a subscript",
    "^": "write \\^{} for a circumflex, or $x^2$ for a superscript",
}


# -- Unicode forms of scripts and math ---------------------------------------------------------


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
#: Unicode's mathematical letters (latex2text's ``\mathcal{O}``, 𝒪) as the letters themselves:
#: few text fonts have them, and a missing glyph is a blank in the PDF. (ℝ and ℂ stay.)
MATH_ALPHANUMERICS = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in range(0x1D400, 0x1D800)
    if unicodedata.normalize("NFKC", chr(code)) != chr(code)
}


class _PlainBackend(PlaintextBackend):
    """pybtex's plain text, with super- and subscripts in Unicode where it has them."""

    def format_tag(self, tag_name: str, text: str) -> str:
        forms = SCRIPTS.get(tag_name)
        if forms and text and all(char in forms for char in text):
            return "".join(forms[char] for char in text)
        return text


PLAIN = _PlainBackend()


# -- How the walker reads their arguments ------------------------------------------------------


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


#: Commands of one argument that pylatexenc's walker does not know.
ONE_ARGUMENT = [
    "noopsort", "phantom", "mkbibquote", "autocap", "textsuperscript", "textsubscript",
    "textnormal", "hbox", "boldsymbol",
]  # fmt: skip


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
            MacroSpec("enquote", "*{"),
            MacroSpec("operatorname", "*{"),
            *(MacroSpec(name, "{") for name in ONE_ARGUMENT),
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

#: The commands latex2text has a replacement for (accents, letters, symbols, math).
KNOWN_TO_LATEX2TEXT = (
    frozenset(spec.macroname for spec in LATEX2TEXT.latex_context.iter_macro_specs()) - UNSUPPORTED
)
SYMBOLS.update({name: name for name in OPERATORS if name not in KNOWN_TO_LATEX2TEXT})


# -- Exporters' macros -------------------------------------------------------------------------

#: The tables of the commands exporters write that LaTeX knows only from a class or a
#: preamble (NASA ADS's ``\apj``, MathSciNet's ``\cprime``): one file per vocabulary, each with
#: its source in its header (docs/bibliography.md lists them).
MACRO_TABLES = Path(__file__).with_name("macros")


def read_macros(path: Path) -> dict[str, str]:
    """A table's commands and their expansions: tab-separated lines, ``#`` comments."""
    macros = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, expansion, *_ = line.split("\t")
            macros[name] = expansion
    return macros


#: Every table's commands, command -> expansion.
EXPORTER_MACROS: dict[str, str] = {
    name: expansion
    for path in sorted(MACRO_TABLES.glob("*.tsv"))
    for name, expansion in read_macros(path).items()
}

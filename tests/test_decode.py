"""cv.decode and cv.names: the LaTeX of BibTeX fields as rich text, and names compared decoded.

The table's cases are fields copied from real exports (the file under tests/fixtures/bib/ that
holds each is named); the synthetic ones use made-up text. Each is checked as pybtex rich text,
as plain text, as docutils nodes from pybtex_docutils, and as LaTeX after Sphinx's escaping.
"""

from __future__ import annotations

import unicodedata

import pybtex_docutils
import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import Person
from pybtex.database.input.bibtex import Parser
from pybtex.richtext import BaseText, HRef, Protected, Tag, Text
from sphinx.testing.util import SphinxTestApp
from sphinx.util import texescape

from cv.bib.decode import decode, plain
from cv.bib.names import is_others, name_key, same_person
from cv.bib.texreader import Problem

# -- Real-world fields -------------------------------------------------------------------------

#: (field as exported, rich text, plain text), from the fixture file named in the comment.
REAL_FIELDS = [
    # dblp-standard.bib: DBLP protects acronyms and writes accents in braces.
    (
        r"On the geometry of \emph{k}-SAT solutions: what more can {PPZ} and"
        r" Sch{\"{o}}ning's algorithms do?",
        Text(
            "On the geometry of ",
            Tag("em", "k"),
            "-SAT solutions: what more can ",
            Protected("PPZ"),
            " and Sch",
            Protected("ö"),
            "ning's algorithms do?",
        ),
        "On the geometry of k-SAT solutions: what more can PPZ and Schöning's algorithms do?",
    ),
    # dblp-standard.bib: DBLP writes a title's math as escaped text.
    (
        r"A Fixed-Depth Size-Hierarchy Theorem for {\textdollar}{\textbackslash}mathrm\{AC\}"
        r"{\^{}}0[{\textbackslash}oplus]{\textdollar} via the Coin Problem",
        Text(
            "A Fixed-Depth Size-Hierarchy Theorem for AC",
            Tag("sup", "0"),
            "[⊕] via the Coin Problem",
        ),
        "A Fixed-Depth Size-Hierarchy Theorem for AC⁰[⊕] via the Coin Problem",
    ),
    # dblp-standard.bib: DBLP's other form of math, \( \) with \mbox.
    (
        r"A fixed-depth size-hierarchy theorem for AC\({}^{\mbox{0}}\)[{\(\oplus\)}] via the"
        r" coin problem",
        Text(
            "A fixed-depth size-hierarchy theorem for AC",
            Tag("sup", "0"),
            "[",
            Protected("⊕"),
            "] via the coin problem",
        ),
        "A fixed-depth size-hierarchy theorem for AC⁰[⊕] via the coin problem",
    ),
    # dblp-standard.bib
    (
        r"A {\#}SAT Algorithm for Small Constant-Depth Circuits with {PTF} gates",
        Text(
            "A ",
            Protected("#"),
            "SAT Algorithm for Small Constant-Depth Circuits with ",
            Protected("PTF"),
            " gates",
        ),
        "A #SAT Algorithm for Small Constant-Depth Circuits with PTF gates",
    ),
    # dblp-standard.bib (an author)
    (
        r"Francisco Rodr{\'{\i}}guez{-}Henr{\'{\i}}quez",
        Text(
            "Francisco Rodr", Protected("í"), "guez", Protected("-"), "Henr", Protected("í"), "quez"
        ),
        "Francisco Rodríguez-Henríquez",
    ),
    # jabref-authors.bib: math letters in italics, Greek upright, as TeX sets them.
    (
        r"Linear programming design of semi-digital FIR filter and $\Sigma$$\Delta$ modulator",
        Text("Linear programming design of semi-digital FIR filter and ΣΔ modulator"),
        "Linear programming design of semi-digital FIR filter and ΣΔ modulator",
    ),
    # jabref-authors.bib
    (
        r"A 70 MHz Multiplierless {FIR} Hilbert Transformer in 0.35 {\(\mathrm{\mu}\)}m",
        Text(
            "A 70 MHz Multiplierless ",
            Protected("FIR"),
            " Hilbert Transformer in 0.35 ",
            Protected("μ"),
            "m",
        ),
        "A 70 MHz Multiplierless FIR Hilbert Transformer in 0.35 μm",
    ),
    # jabref-authors.bib
    (
        r"Proceedings of the 9\textsuperscript{th} IEEE International Symposium",
        Text("Proceedings of the 9", Tag("sup", "th"), " IEEE International Symposium"),
        "Proceedings of the 9th IEEE International Symposium",
    ),
    # biblatex-examples.bib
    (
        r"Die Geburt der Trag{\"o}die. Unzeitgem{\"a}{\ss}e Betrachtungen I--IV."
        r" Nachgelassene Schriften 1870--1973",
        Text(
            "Die Geburt der Trag",
            Protected("ö"),
            "die. Unzeitgem",
            Protected("ä"),
            Protected("ß"),
            "e Betrachtungen I–IV. Nachgelassene Schriften 1870–1973",
        ),
        "Die Geburt der Tragödie. Unzeitgemäße Betrachtungen I–IV."
        " Nachgelassene Schriften 1870–1973",
    ),
    # biblatex-examples.bib: a control word eats the space after it, as in TeX.
    (r"The {\TeX book}", Text("The ", Protected("TeXbook")), "The TeXbook"),
    # biblatex-examples.bib: biblatex's own quoting and hyphen commands.
    (
        r"\mkbibquote{Intention} und \mkbibquote{Intentionalit{\"a}t} in der Scholastik",
        Text("“Intention” und “Intentionalit", Protected("ä"), "t” in der Scholastik"),
        "“Intention” und “Intentionalität” in der Scholastik",
    ),
    (
        r"Computation of methodology\hyphen independent ionic solvation free energies",
        Text("Computation of methodology-independent ionic solvation free energies"),
        "Computation of methodology-independent ionic solvation free energies",
    ),
    # biblatex-examples.bib
    (
        r"Regesta Pontificum Romanorum ab condita ecclesia ad annum \textsc{mcxcviii}",
        Text(
            "Regesta Pontificum Romanorum ab condita ecclesia ad annum ", Tag("cv-sc", "mcxcviii")
        ),
        "Regesta Pontificum Romanorum ab condita ecclesia ad annum mcxcviii",
    ),
    # biblatex-examples.bib: a tie is a no-break space.
    (
        r"Die nordischen L{\"a}nder von der Mitte des 11.~Jahrhunderts bis 1448",
        Text(
            "Die nordischen L",
            Protected("ä"),
            "nder von der Mitte des 11.\xa0Jahrhunderts bis 1448",
        ),
        "Die nordischen Länder von der Mitte des 11.\xa0Jahrhunderts bis 1448",
    ),
    # better-bibtex-sakkos.bib: Better BibTeX's double braces.
    (
        r"Hydrocarbon Degradation Using {{{\emph{Pseudomonas}}}}{\emph{ Sp.}} {{NCIB}} 9816-4",
        Text(
            "Hydrocarbon Degradation Using ",
            # pybtex merges adjacent protected groups into one.
            Protected(Protected(Protected(Tag("em", "Pseudomonas"))), Tag("em", " Sp.")),
            " ",
            Protected(Protected("NCIB")),
            " 9816-4",
        ),
        "Hydrocarbon Degradation Using Pseudomonas Sp. NCIB 9816-4",
    ),
    (
        r"Jsakkos/Nufeb\_tools: {{Make DOI}}",
        Text("Jsakkos/Nufeb_tools: ", Protected(Protected("Make DOI"))),
        "Jsakkos/Nufeb_tools: Make DOI",
    ),
    # better-biblatex-library.bib
    (
        r"{WILEY-VCH Verlag GmbH \& Co. KGaA}",
        Text(Protected("WILEY-VCH Verlag GmbH & Co. KGaA")),
        "WILEY-VCH Verlag GmbH & Co. KGaA",
    ),
    # acm-dl-2016.bib
    (
        "Moses -- Method for Selecting Senior Mobile Phones",
        Text("Moses – Method for Selecting Senior Mobile Phones"),
        "Moses – Method for Selecting Senior Mobile Phones",
    ),
    # google-scholar-tizzani.bib
    (
        r"Universit{\`a} degli Studi di Parma",
        Text("Universit", Protected("à"), " degli Studi di Parma"),
        "Università degli Studi di Parma",
    ),
    # better-bibtex-tizzani.bib
    (
        r"{\copyright} 2018 American Physical Society.",
        Text(Protected("©"), " 2018 American Physical Society."),
        "© 2018 American Physical Society.",
    ),
    # thesis-better-bibtex-billington.bib: a ~ in an address is part of it.
    (
        r"Online lecture notes \url{http://bolvan.ph.utexas.edu/~vadim/Classes/2016f/dyson.pdf}",
        Text(
            "Online lecture notes ",
            HRef(
                "http://bolvan.ph.utexas.edu/~vadim/Classes/2016f/dyson.pdf",
                "http://bolvan.ph.utexas.edu/~vadim/Classes/2016f/dyson.pdf",
            ),
        ),
        "Online lecture notes http://bolvan.ph.utexas.edu/~vadim/Classes/2016f/dyson.pdf",
    ),
    (
        r"\hbox{\url{http://www.python.org}}",
        Text(HRef("http://www.python.org", "http://www.python.org")),
        "http://www.python.org",
    ),
]


@pytest.mark.parametrize(("latex", "rich", "text"), REAL_FIELDS)
def test_real_fields(latex: str, rich: Text, text: str) -> None:
    decoded = decode(latex)
    assert decoded.text == rich
    assert decoded.plain == text
    assert decoded.problems == ()


# -- What the brief asks for, one construct at a time -------------------------------------------

CONSTRUCTS = [
    (
        r"{\"u}ber \'{e} {\'{e}} \ss{} \o{} \AA{} \c{c} \v{s} \k{a} \H{o} \'{\i}",
        "über é é ß ø Å ç š ą ő í",
    ),
    ("1--2, 1---2, a~b", "1–2, 1—2, a\xa0b"),
    ("``quoted''", "“quoted”"),
    (r"\& \% \$ \# \_ \{ \}", "& % $ # _ { }"),
    (r"\textbackslash{} \textless{} \textgreater{} \textbar{} \textquotedbl{}", '\\ < > | "'),
    (r"\^{} \~{} \textasciicircum{} \textasciitilde{}", "^ ~ ^ ~"),
    (r"{ASTRA-sim2.0} and {DNN}", "ASTRA-sim2.0 and DNN"),
    (r"\TeX{} and \LaTeX{} and \BibTeX{}", "TeX and LaTeX and BibTeX"),
    (r"$T$, $\alpha$, $O(n^2)$, $O(n \log n)$, $k$-SAT", "T, α, O(n²), O(n log n), k-SAT"),
    (r"$x_{i}^{-1}$, $2^nd$, H$_2$O", "xi⁻¹, 2nd, H₂O"),
    (r"$\mathcal{O}(n)$ over $\mathbb{R}$, $10^{-3}$, $\geq$", "O(n) over ℝ, 10⁻³, ≥"),
    (r"\noopsort{a}Zebra, a\vphantom{x}b", "Zebra, ab"),
    # DBLP's escaped math is read as math; two dollar amounts are not math.
    (
        r"{\textdollar}{\textbackslash}alpha{\textdollar}, {\textdollar}5 or {\textdollar}6",
        "α, $5 or $6",
    ),
    (r"line\\break \enquote{quoted}", "line break “quoted”"),
]


@pytest.mark.parametrize(("latex", "text"), CONSTRUCTS)
def test_constructs_as_plain_text(latex: str, text: str) -> None:
    decoded = decode(latex)
    assert (decoded.plain, decoded.problems) == (text, ())


@pytest.mark.parametrize(
    ("latex", "tag"),
    [
        (r"\emph{x}", "em"),
        (r"\textit{x}", "em"),
        (r"\textsl{x}", "em"),
        (r"\textbf{x}", "strong"),
        (r"\textsc{x}", "cv-sc"),
        (r"\texttt{x}", "tt"),
        (r"\textsuperscript{x}", "sup"),
        (r"\textsubscript{x}", "sub"),
    ],
)
def test_font_commands(latex: str, tag: str) -> None:
    assert decode(f"a {latex} b").text == Text("a ", Tag(tag, "x"), " b")


@pytest.mark.parametrize(
    ("latex", "tag"),
    [("em", "em"), ("it", "em"), ("bf", "strong"), ("sc", "cv-sc"), ("tt", "tt")],
)
def test_declarations_format_the_rest_of_their_group(latex: str, tag: str) -> None:
    assert decode(f"a {{\\{latex} x y}} b").text == Text("a ", Protected(Tag(tag, "x y")), " b")


def test_math_letters_are_italic() -> None:
    assert decode("$k$-SAT").text == Text(Tag("em", "k"), "-SAT")
    assert decode(r"$O(n^2)$").text == Text(
        Tag("em", "O"), "(", Tag("em", "n"), Tag("sup", "2"), ")"
    )


def test_links() -> None:
    assert decode(r"\href{https://example.org/a_b%20c#d}{the site}").text == Text(
        HRef("https://example.org/a_b%20c#d", "the site")
    )
    # Escapes in an address are undone; characters no address holds are percent-encoded.
    assert decode(r'\url{https://example.org/\_a"b<c>}').text == Text(
        HRef("https://example.org/_a%22b%3Cc%3E", 'https://example.org/_a"b<c>')
    )


@pytest.mark.parametrize(
    "latex",
    [
        r"\href{javascript:alert(1)}{click}",
        r"\href{file:///etc/passwd}{click}",
        r"\href{www.example.org}{click}",
    ],
)
def test_only_http_addresses_become_links(latex: str) -> None:
    decoded = decode(latex)
    address = latex[len(r"\href{") : latex.index("}")]
    assert decoded.text == Text("click")
    assert decoded.problems == (
        Problem(
            "link",
            address,
            f"\\href{{{address}}} is not an http(s) address; it is shown as text, not a link",
        ),
    )


# -- Problems: shown as written and reported, with advice that is right ---------------------------

PROBLEMS = [
    (
        r"\foo{bar} baz",
        "bar baz",
        Problem(
            "macro",
            "\\foo",
            "unknown LaTeX command \\foo is left out, any argument shown as plain text;"
            " write the text it stands for",
        ),
    ),
    ("AT&T", "AT&T", Problem("special", "&", "& is shown as is; write \\& for an ampersand")),
    (
        "50% faster",
        "50% faster",
        Problem(
            "special",
            "%",
            "% is shown as is; LaTeX reads % as the start of a comment;"
            " write \\% for a percent sign",
        ),
    ),
    (
        "issue #4",
        "issue #4",
        Problem("special", "#", "# is shown as is; write \\# for a number sign"),
    ),
    (
        "snake_case",
        "snake_case",
        Problem(
            "special",
            "_",
            "_ is shown as is; write \\_ for an underscore, or $x_1$ for a subscript",
        ),
    ),
    (
        "x^2",
        "x^2",
        Problem(
            "special",
            "^",
            "^ is shown as is; write \\^{} for a circumflex, or $x^2$ for a superscript",
        ),
    ),
    # A lone $ is a dollar sign; a pair is math, which is not a problem at all.
    (
        "costs $5",
        "costs $5",
        Problem("math", "$", "$ opens math that is never closed; write \\$ for $"),
    ),
    # ... at the end of the field, and in a group, which ends any math begun in it (TeX's
    # rule; HAL: TITLE = {{... A Computational Approach $}}): one problem, no brace shown.
    (
        "costs 5$",
        "costs 5$",
        Problem("math", "$", "$ opens math that is never closed; write \\$ for $"),
    ),
    (
        "{An Approach $}",
        "An Approach $",
        Problem("math", "$", "$ opens math that is never closed; write \\$ for $"),
    ),
    ("a } b", "a } b", Problem("brace", "}", "} is unbalanced; it is shown as is")),
    ("a \\", "a \\", Problem("syntax", "\\", "\\ is not LaTeX that can be read here; shown as is")),
    ("{a b", "a b", Problem("brace", "{", "a { is never closed; close it with }")),
    (r"\frac", "", Problem("macro", "\\frac", "\\frac is missing an argument in {...}")),
    # acm-dl-2016.bib: ACM's old exports hold HTML character references.
    (
        r"Supporting Design \&\#38; Choice for the Elderly",
        "Supporting Design &#38; Choice for the Elderly",
        Problem("html", "&#38;", "&#38; is an HTML character reference, shown as is; write &"),
    ),
]


@pytest.mark.parametrize(("latex", "text", "problem"), PROBLEMS)
def test_problems_are_shown_and_reported(latex: str, text: str, problem: Problem) -> None:
    decoded = decode(latex)
    assert (decoded.plain, decoded.problems) == (text, (problem,))


@pytest.mark.parametrize("nested", ["{", r"\emph{", "$x^{", r"\'{"])
def test_nesting_deeper_than_the_stack_is_shown_as_written(nested: str) -> None:
    value = nested * 2000 + "x" + "}" * 2000
    decoded = decode(value)
    assert decoded.plain == value
    assert decoded.problems == (
        Problem("syntax", value[:40], "this is not readable LaTeX; it is shown as written"),
    )


def test_percent_in_an_address_is_no_problem() -> None:
    decoded = decode(r"\url{https://example.org/a%20b}")
    assert (decoded.plain, decoded.problems) == ("https://example.org/a%20b", ())


def test_each_problem_is_reported_once() -> None:
    assert len(decode(r"\foo a \foo b & c & d").problems) == 2


# -- Every output backend ----------------------------------------------------------------------

#: Literal characters, as a field writes them, and as text.
SPECIALS = r"\& \% \$ \# \_ \{ \} \~{} \^{} \textbackslash{} < > "
SPECIALS_TEXT = '& % $ # _ { } ~ ^ \\ < > "'


def test_specials_through_pybtex_docutils_and_sphinx_latex_escaping() -> None:
    texescape.init()  # what Sphinx does when it starts
    text = decode(SPECIALS + '"').text
    paragraph = nodes.paragraph("", "", *text.render(pybtex_docutils.Backend()))
    assert paragraph.astext() == SPECIALS_TEXT
    assert texescape.escape(paragraph.astext(), "xelatex") == (
        r'\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{} < > "'
    )
    assert texescape.escape(paragraph.astext(), "pdflatex") == (
        r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}"
        r' \textless{} \textgreater{} "'
    )


def test_formatting_through_pybtex_docutils() -> None:
    latex = r"\emph{a} \textbf{b} \texttt{c} $x^2$ \href{https://example.org}{d} {E}"
    paragraph = nodes.paragraph("", "", *decode(latex).text.render(pybtex_docutils.Backend()))
    assert paragraph.pformat() == (
        "<paragraph>\n"
        "    <emphasis>\n        a\n     \n"
        "    <strong>\n        b\n     \n"
        "    <literal>\n        c\n     \n"
        "    <emphasis>\n        x\n"
        "    <superscript>\n        2\n     \n"
        '    <reference refuri="https://example.org">\n        d\n     \n'
        "    E\n"
    )


def test_pybtex_html_and_text_backends() -> None:
    text = decode(r"AT\&T <b> \textsc{x} $x^2$ \href{https://example.org/?a=1}{y}").text
    assert text.render_as("html") == (
        'AT&amp;T &lt;b&gt; <cv-sc>x</cv-sc> <em>x</em><sup>2</sup> <a href="https://example.org/?a=1">y</a>'
    )
    assert text.render_as("text") == "AT&T <b> x x2 y"


# -- Properties --------------------------------------------------------------------------------

#: Pieces of BibTeX-like LaTeX: commands, accents, groups, math, specials, links.
PIECE_WORDS = r"""
    \emph \textbf \textsc \texttt \textsuperscript \url \href \noopsort \mkbibquote {\em {\bf
    \' \" \^ \~ \` \c \v \u \H \k \= \. \i \ss \o \aa \TeX \LaTeX \foo \frac \sqrt {\sc
    \alpha \mathrm \mathbf \text \mbox \left( \right) \begin{x} \end{x} \item \verb
    { } [ ] $ $$ \( \) \[ \] \\ \ % & # _ ^ ~ -- --- `` '' \& \% \$ \# \_ \{ \}
    {\textdollar} {\textbackslash} http://example.org/ javascript: x é
"""
PIECES = st.sampled_from([*PIECE_WORDS.split(), " ", "\n"])
LATEX_LIKE = st.lists(PIECES, max_size=25).map("".join)
#: Text without private-use characters (which a field may hold, but then keeps).
ANY_TEXT = st.text(st.characters(exclude_categories=("Co", "Cs")))
PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def private_use(text: str) -> list[str]:
    return [char for char in text if unicodedata.category(char) == "Co"]


def links(text: BaseText) -> list[HRef]:
    found = [text] if isinstance(text, HRef) else []
    for part in getattr(text, "parts", ()):
        found += links(part)
    return found


@PROPERTIES
@given(st.one_of(LATEX_LIKE, ANY_TEXT))
def test_decode_never_raises_and_every_backend_renders(value: str) -> None:
    decoded = decode(value)
    assert not private_use(decoded.plain)
    for backend in ("text", "html", "latex", "markdown"):
        decoded.text.render_as(backend)
    paragraph = nodes.paragraph("", "", *decoded.text.render(pybtex_docutils.Backend()))
    assert not private_use(paragraph.astext())
    assert all(link.url.startswith(("http://", "https://")) for link in links(decoded.text))
    assert all(isinstance(problem, Problem) for problem in decoded.problems)


#: Words that hold no LaTeX: no specials, no whitespace (which decoding collapses).
WORDS = st.text(
    st.characters(
        exclude_categories=("Co", "Cs", "Cc", "Z"), exclude_characters="\\{}$~%&#_^-`'!?"
    ),
    min_size=1,
)
ESCAPES = {
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    r"\{": "{",
    r"\}": "}",
    r"\~{}": "~",
    r"\^{}": "^",
    r"\textbackslash{}": "\\",
    r"\textless{}": "<",
    r"\textgreater{}": ">",
    r"\textquotedbl{}": '"',
}


@PROPERTIES
@given(WORDS, st.sampled_from(sorted(ESCAPES)), WORDS)
def test_every_escaped_special_survives(before: str, escape: str, after: str) -> None:
    decoded = decode(f"{before}{escape}{after}")
    assert (decoded.plain, decoded.problems) == (f"{before}{ESCAPES[escape]}{after}", ())


@PROPERTIES
@given(WORDS)
def test_unicode_is_kept_in_and_out_of_groups(word: str) -> None:
    assert decode(word).text == Text(word)
    assert decode("{" + word + "}").plain == word


@PROPERTIES
@given(WORDS, WORDS, st.integers(0, 3), st.booleans())
def test_a_lone_dollar_in_any_group_is_shown_and_reported_once(
    before: str, after: str, depth: int, closing: bool
) -> None:
    """A $ that opens no math closed within its group is a dollar sign, whatever the group."""
    math = "$x$ " if closing else ""  # math closed before it: the dollars pair in order
    decoded = decode("{" * depth + f"{math}{before} ${after}" + "}" * depth)
    assert decoded.plain == ("x " if closing else "") + f"{before} ${after}"
    assert decoded.problems == (
        Problem("math", "$", "$ opens math that is never closed; write \\$ for $"),
    )


BRACES = st.lists(st.sampled_from(["{", "}", "DNN", "a b", " ", "é", "Ω"]), max_size=12).map(
    "".join
)


@PROPERTIES
@given(BRACES)
def test_braces_only_as_the_walker_reads_them(value: str) -> None:
    # pybtex's brace parser reads such fields; \relax (which shows nothing) sends one through
    # pylatexenc's walker instead: both must agree. (Spaces as decode leaves them.)
    value = " ".join(value.split())
    assert decode(value) == decode(value + r"\relax")


def test_decoding_is_cached() -> None:
    assert decode(r"\emph{cached}") is decode(r"\emph{cached}")
    assert plain(r"\emph{cached}") == "cached"


# -- Names -------------------------------------------------------------------------------------

SAME_PEOPLE = [
    (r"S{\'{e}}bastien Tavenas", "Sébastien Tavenas"),  # dblp-standard.bib
    (r"{de Laat}, Arne", "de Laat, Arne"),
    ("Arne de Laat", "de Laat, Arne"),
    ("J. Roe", "Roe, Jennifer"),
    ("J.-P. Doe", "Jean-Paul Doe"),
    (r"Aks{\i}n, {\"O}zge", "Aksın, Özge"),  # biblatex-examples.bib
    ("Sebastien Tavenas", "SÉBASTIEN TAVENAS"),
    (r"Rodr{\'{\i}}guez{-}Henr{\'{\i}}quez, Francisco", "Rodríguez-Henríquez, Francisco"),
]
OTHER_PEOPLE = [
    ("Roe, Jennifer", "Roe, Jen"),
    ("Roe, J.", "Roe, S."),
    ("Jane Q. Doe", "Jane Doe"),
    ("Jane Doe", "Jane Roe"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PEOPLE)
def test_same_person(a: str, b: str) -> None:
    assert same_person(Person(a), Person(b))
    assert same_person(Person(b), Person(a))


@pytest.mark.parametrize(("a", "b"), OTHER_PEOPLE)
def test_other_person(a: str, b: str) -> None:
    assert not same_person(Person(a), Person(b))


def test_name_key() -> None:
    assert name_key(Person(r"{de Laat}, Arne J.")) == name_key(Person("Arne J. de Laat"))
    assert name_key(Person(r"Wei{\ss}becker, X.")).last == ("weissbecker",)


def test_and_others() -> None:
    bib = Parser().parse_string("@article{doe, author = {Jane Doe and others}}")
    assert [is_others(person) for person in bib.entries["doe"].persons["author"]] == [False, True]
    assert not is_others(Person("Jane Others"))


NAMES = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=","), max_size=40)


@PROPERTIES
@given(NAMES)
def test_a_name_is_always_its_own_person(name: str) -> None:
    person = Person(name)
    assert same_person(person, person)


# -- Sphinx's writers --------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="decode", freshenv=True)
def test_html_writer(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    assert [p.decode_contents() for p in soup.select("p.decoded")] == [
        '&amp; % $ # _ { } ~ ^ \\ &lt; &gt; "',
        "Schöning's <em>k</em>-SAT in <em>O</em>(<em>n</em><sup>2</sup>) – <strong>fast</strong>"
        ' <code class="docutils literal notranslate"><span class="pre">code</span></code>',
        '<a class="reference external" href="https://example.org/?a=1&amp;b=2">a &amp; b</a>'
        " no link",
    ]


@pytest.mark.sphinx("latex", testroot="decode", freshenv=True)
def test_latex_writer(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "decode.tex").read_text()
    body = tex[tex.index(r"\sphinxAtStartPar") : tex.index(r"\renewcommand{\indexname}")]
    assert body.split("\n\n")[:3] == [
        "\\sphinxAtStartPar\n"
        r'\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{} < > "',
        "\\sphinxAtStartPar\n"
        r"Schöning's \sphinxstyleemphasis{k}\sphinxhyphen{}SAT in \sphinxstyleemphasis{O}"
        r"(\sphinxstyleemphasis{n}$^{\text{2}}$) – \sphinxstylestrong{fast}"
        r" \sphinxcode{\sphinxupquote{code}}",
        "\\sphinxAtStartPar\n"
        r"\sphinxhref{https://example.org/?a=1\&b=2}{a \& b} no link",
    ]

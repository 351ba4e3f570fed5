"""LaTeX support: a compact CV instead of a manual, with ``cv.sty`` holding every CV macro.

Sphinx's LaTeX builder makes a manual: title page, table of contents, index.  A CV needs none of
them, so the defaults below switch them off through Sphinx's own ``latex_elements`` keys.  They
apply only where the project's ``conf.py`` did not set the key itself, so a project keeps the last
word (its paper size, font size, a preamble of its own ...).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.constants import XELATEX_DEFAULT_FONTPKG
from sphinx.builders.latex.util import ExtBabel
from sphinx.transforms.post_transforms import SphinxPostTransform

from .runs import KPATHSEA

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.latex import LaTeXBuilder
    from sphinx.config import Config


STY = Path(__file__).with_name("cv.sty")

# XeTeX has no font fallback of its own.  Sphinx's default FreeSerif/FreeSans cover Latin,
# Greek and Cyrillic; xeCJK hands Chinese, Japanese and Korean (Hangul) characters to Noto CJK,
# and breaks lines between them, which unspaced CJK titles need.  The KR variant is used because
# one Noto CJK face covers all ideographs and the Korean forms suit the common case here.  All
# these are on Read the Docs' build image (texlive-full, fonts-noto-cjk); on Debian they are
# fonts-freefont-otf, fonts-noto-cjk, and texlive-lang-cjk plus texlive-lang-chinese for xeCJK.
XECJK = r"""
\usepackage{xeCJK}
% xeCJK would take dashes, quotes, ellipses and the middle dot for CJK punctuation and eat the
% spaces around them.
\xeCJKDeclareCharClass{Default}{"00B7, "2010 -> "2027}
% Korean puts spaces between words; xeCJK drops spaces between CJK characters (Chinese and
% Japanese have none to drop), so keep them.
\xeCJKsetup{CJKspace = true}
% CJK has no italics: emphasis stays upright, as CJK typography does.
\setCJKmainfont{Noto Serif CJK KR}[BoldFont = * Bold, ItalicFont = *, BoldItalicFont = * Bold]
\setCJKsansfont{Noto Sans CJK KR}[BoldFont = * Bold, ItalicFont = *, BoldItalicFont = * Bold]
\setCJKmonofont{Noto Sans Mono CJK KR}
"""

# XeTeX has no font fallback either: a character the current face lacks is left out, with only
# a "Missing character" line in the log.  FreeFont's bold and italic faces lack some that its
# upright face has (MathSciNet's ℚ in a bold title), so each character of the document beyond
# pdfLaTeX's Latin and CJK (fallback_glyphs) is made active: set in the current face where it
# has it, else in the medium weight of the same family and shape, else upright; one that no face
# has is still left out and logged.  Protected, so that a bookmark, a link's address or a label
# gets the character itself; in math, the math fonts decide, as before.
FALLBACK = r"""
\protected\def\cvGlyph#1{\ifmmode\Uchar#1 \else\iffontchar\font#1 \Uchar#1 \else
  {\mdseries\iffontchar\font#1 \else\upshape\fi\Uchar#1 }\fi\fi}
\def\cvFallbackGlyphs#1{\ifx#1\relax\else
  \catcode`#1=\active
  \begingroup\lccode`\~=`#1\relax
  \lowercase{\endgroup\protected\edef~}{\noexpand\cvGlyph{\number`#1}}%
  \expandafter\cvFallbackGlyphs\fi}
"""

# The characters xeCJK sets with the CJK fonts (its CJK and HangulJamo classes, xeCJK.sty).
# Loading those fonts was a fifth of each LaTeX run's time, so a document without any of these
# characters goes without them (engine_and_fonts).
CJK = re.compile(
    "[\u02ea\u02eb\u1100-\u11ff\u2e80-\u2fff\u3000-\ua4cf\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00016fe0-\U00018d7f"
    "\U0001aff0-\U0001b2ff\U0001f200-\U0001f2ff\U00020000-\U0003134f]"
)

#: ``latex_elements`` every CV wants, whatever the project.
LATEX_ELEMENTS = {
    # The CV's own header (cv.sty) instead of a title page; no table of contents, no index.
    "maketitle": r"\cvMakeTitle",
    "tableofcontents": "",
    "makeindex": "",
    "printindex": "",
    # No chapter ornaments (they would only show with a "manual" docclass).
    "fncychap": "",
    # One-sided: the same margins on every page, as a CV is read on screen or printed single.
    "extraclassoptions": "oneside",
    # Narrower margins than a book's, and one link colour for all links.
    "sphinxsetup": (
        "hmargin={0.75in,0.75in}, vmargin={0.6in,0.7in}, "
        "InnerLinkColor={rgb}{0.1,0.25,0.55}, OuterLinkColor={rgb}{0.1,0.25,0.55}"
    ),
}


# What pdfLaTeX sets with its Latin fonts (T1 and TS1 encodings, Sphinx's utf8 input) and its
# PDF's text gives back: ASCII, Latin-1, Latin Extended-A but for the seven letters T1 lacks
# (Ħ ħ ĸ Ŀ ŀ Ŧ ŧ) and ŉ, and the common punctuation (tests/test_latex_engine.py compiles every
# one of them and reads it back).  Left out too: what the Times, Helvetica and Courier of
# psnfss draw from other glyphs, so that a reader copying the text or a program reading the CV
# gets another letter or none: € (a C and two rules), Đ đ (Ð, and d with a macron), ĩ ī ĭ ĵ
# (a dotless i, and no j), Ŋ ŋ (nothing).  A document of only these characters is set with
# pdfLaTeX: a LaTeX run of the CV then takes a fifth of XeLaTeX's memory (XeTeX alone holds
# over 150 MiB) and less time.  Any other character (Greek, Cyrillic, Vietnamese, CJK, the
# ones above ...) takes XeLaTeX and its Unicode fonts.
LATIN = re.compile(
    "[\t\n\r\x20-\x7e\xa0-\u010f\u0112-\u0125\u0128\u012a\u012c\u012e-\u0134\u0136\u0137"
    "\u0139-\u013e\u0141-\u0148\u014c-\u0165\u0168-\u017e\u2013\u2014\u2018\u2019\u201a"
    "\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u2122]*"
)
# Times, Helvetica and Courier: the faces FreeSerif, FreeSans and FreeMono (XeLaTeX's) copy.
# In every TeX Live (psnfss, texlive-latex-base).
PDFLATEX_FONTPKG = r"""
\usepackage{mathptmx}
\usepackage{helvet}
\usepackage{courier}
"""


def engine_and_fonts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Choose the engine (``cv_latex_engine = "auto"``) and the fonts from what a LaTeX
    document holds: pdfLaTeX for Latin text, else XeLaTeX, with CJK fonts only for CJK text.

    Runs once per LaTeX document, on its assembled doctree (every paper filled in), before the
    writer copies the builder's context; a ``fontpkg`` of the project's own is left alone.
    """
    if app.builder.format != "latex":
        return
    builder = cast("LaTeXBuilder", app.builder)
    config = app.config
    # The title and author, and the preamble (a variant's PDF subject, a project's own text).
    names = [f"{e[2]} {e[3]}" for e in config.latex_documents if e[0] == docname]
    text = " ".join([doctree.astext(), *names, config.latex_elements.get("preamble", "")])
    if config.cv_latex_engine == "auto" and len(config.latex_documents) == 1:
        engine = "pdflatex" if LATIN.fullmatch(text) else "xelatex"
        if engine != config.latex_engine:
            config.latex_engine = engine
            # The engine's own settings (input and font encodings, babel or polyglossia), and
            # latexmkrc and the Makefile, which Sphinx wrote for the engine it started with.
            builder.init_context()
            builder.init_babel()
            builder.init_multilingual()
            builder.copy_support_files()
    if "fontpkg" in config.latex_elements:
        return
    if config.latex_engine == "pdflatex":
        builder.context["fontpkg"] = PDFLATEX_FONTPKG
    elif config.latex_engine == "xelatex":
        cjk = XECJK if CJK.search(text) else ""
        builder.context["fontpkg"] = XELATEX_DEFAULT_FONTPKG + cjk + fallback_glyphs(text)


def fallback_glyphs(text: str) -> str:
    """:data:`FALLBACK` for the characters of *text* that XeLaTeX's faces may lack, "" if none.

    Not pdfLaTeX's Latin (every face has it) nor CJK (xeCJK's), nor control and format
    characters (a zero-width joiner shapes the letters around it).
    """
    chars = {
        char
        for char in text
        if not LATIN.fullmatch(char)
        and not CJK.match(char)
        and not unicodedata.category(char).startswith("C")
    }
    return f"{FALLBACK}\\cvFallbackGlyphs {''.join(sorted(chars))}\\relax\n" if chars else ""


#: What every LaTeX run of a CV may do (:data:`cv.pdf.runs.KPATHSEA`: no shell command, no file
#: outside the build folder), said in the latexmkrc that Sphinx writes, for latexmk (Read the
#: Docs, ``tox -e pdf -- --latexmk``).
LATEXMKRC_SAFETY = (
    "\n# cv (pdf/latex.py, harden_latexmkrc): no shell escape, no file outside this folder.\n"
    + "".join(f"$ENV{{'{name}'}} = '{value}';\n" for name, value in KPATHSEA.items())
    + r"""foreach my $engine (\$latex, \$pdflatex, \$lualatex, \$xelatex) {
  $$engine =~ s/^(\S+)/$1 -no-shell-escape/ unless $$engine =~ /-no-shell-escape/;
}
"""
)


def harden_latexmkrc(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, after Sphinx last wrote its latexmkrc: add :data:`LATEXMKRC_SAFETY`."""
    if exception is not None or app.builder.format != "latex":
        return
    for name in ("latexmkrc", "latexmkjarc"):
        path = Path(app.outdir) / name
        if path.is_file() and LATEXMKRC_SAFETY not in (text := path.read_text("utf-8")):
            path.write_text(text + LATEXMKRC_SAFETY, "utf-8")


def set_latex_defaults(app: Sphinx, config: Config) -> None:
    """Ship ``cv.sty`` and fill in the CV's LaTeX settings the project left unset."""
    if str(STY) not in config.latex_additional_files:
        config.latex_additional_files = [*config.latex_additional_files, str(STY)]
    config.latex_elements = {**LATEX_ELEMENTS, **config.latex_elements}
    # English is what pdfLaTeX sets without babel: its format starts with the same US English
    # hyphenation patterns (which cv.sty turns off anyway), and babel's English captions and
    # \today a CV never prints (Sphinx writes the date itself).  So Sphinx's documented "babel"
    # key is left empty for English, and the package not loaded: 0.05 s of the PDF's build, same
    # PDF.  Any other language keeps babel; XeLaTeX takes polyglossia, which this leaves alone.
    english = ExtBabel(config.language).get_language() == "english"
    if english and "babel" not in config.latex_elements:
        config.latex_elements["babel"] = ""
    # "auto": with one LaTeX document, engine_and_fonts chooses its engine from its text; the
    # builder starts with pdfLaTeX, which a Latin CV keeps, so that Sphinx's support files are
    # written once (for any other script they are written again, 10 ms).  With several, it
    # stays with XeLaTeX, which sets any text.  An engine of the project's other than these two
    # (lualatex, platex ...) is its choice, and stays.
    if config.cv_latex_engine == "auto":
        if config.latex_engine in {"pdflatex", "xelatex"}:
            config.latex_engine = "pdflatex" if len(config.latex_documents) == 1 else "xelatex"
        else:
            config.cv_latex_engine = ""
    # A CV's sections are sections, not a manual's chapters, whatever the docclass.  None is
    # Sphinx's "not set" (the docclass decides).
    if config.latex_toplevel_sectioning is None:
        config.latex_toplevel_sectioning = "section"


#: The class of a part that is the website's only, such as the landing page's selected papers.
WEB_ONLY = "cv-web-only"


class DropWebOnlySections(SphinxPostTransform):
    """Leave parts marked ``cv-web-only`` (a section, a paragraph) out of the PDF, but not the
    documents a section includes.

    The PDF lists every paper in place, so the landing page's selection would say it twice.  A
    root document's toctree often sits under such a section (headings nest whatever follows
    them); the LaTeX builder has inlined its documents there by now, so they are lifted to the
    section's place and keep their order and their level.
    """

    default_priority = 5  # before the LaTeX builder's own transforms and reference resolving
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        for part in list(self.document.findall(nodes.Element)):
            if WEB_ONLY in part["classes"] and part.parent is not None:
                parent, documents = part.parent, list(_included_documents(part))
                # Not replace_self: it would hand the part's classes to a lone document.
                index = parent.index(part)
                parent[index : index + 1] = documents


def _included_documents(node: nodes.Element) -> Iterator[addnodes.start_of_file]:
    """The documents a toctree inlined into *node*, outermost only, in order."""
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            yield child
        elif isinstance(child, nodes.Element):
            yield from _included_documents(child)

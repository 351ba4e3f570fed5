"""The PDF: a CV, not a manual; any character in any field compiles and shows as written.

The CV's own PDF is checked in tests/cv/test_cv_pdf.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import info, latex_log_problems, latexmk, pdf_text, pdfinfo
from pypdf import PdfReader
from pypdf.generic import ByteStringObject, ContentStream, TextStringObject
from sphinx.testing.util import SphinxTestApp

# -- Any character in any field -----------------------------------------------------------------

SPECIALS = [
    # Title and PDF metadata (conf.py project and author, escaped by Sphinx's default).
    "Zoë Doe & 홍길동 100% #1 {x}_~^\\",
    # The root document's text, with MyST's own escapes undone.
    "Budget 100% of $5, item #3, snake_case, {braces}, a~tilde, x^2, back\\slash.",
    "Ελληνικά ἀρχή, 한국어 이력서, 日本語の履歴書, 中文简历.",
    # An entry's head, people and body: every LaTeX special, four scripts, stacked accents.
    "Über-Engineer & Co. 100% $5 #1 snake_case {x} ~y ^z back\\slash, Ελληνικό Ινστιτούτο "
    "Έρευνας, 서울 대한민국 Jan 2020 – present",
    "Supervisor: 山田太郎 (Yamada Tarō); Advisor: Jan Kowalski-Żółć & Nguyễn Văn A",
    "• Body & 100% $ # _ { } ~ ^ \\ kept literally",
    "• 北京大学, 東京大学, 서울대학교 and Αθήνα",
    # Dates too many to share the title's line get their own (no Overfull either).
    "Reviewer, Example Journal " + ", ".join(str(year) for year in range(2001, 2022)),
]

JAPANESE = (
    "東京大学大学院情報理工学系研究科コンピュータ科学専攻博士課程修了後に"
    "同研究科の特任研究員として計算機システムの研究に従事"
)


def test_specials_and_scripts_compile_and_show_literally(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("pdf-specials")
    app = make_app("latex", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    (tex,) = app.outdir.glob("*.tex")
    pdf = latexmk(app.outdir, tex.stem)
    assert latex_log_problems(pdf) == []

    text = pdf_text(pdf)
    for special in SPECIALS:
        assert special in text
    # Unspaced Japanese breaks between characters (no Overfull above) and loses none of them.
    assert JAPANESE in text.replace(" ", "")
    # A link's address survives its specials and stays live (hyperref %-encodes the braces).
    (url,) = re.findall(r"https://example\.org/\S+", pdfinfo(pdf, "-url"))
    assert unquote(url) == unquote("https://example.org/a_b/%7Ex~y?q=1&r=$2#frag{3}")
    meta = info(pdf)
    assert meta["Title"] == SPECIALS[0]
    assert meta["Author"] == "Zoë Doe & 홍길동 $5"


# -- The LaTeX defaults --------------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="entries", freshenv=True)
def test_a_cv_not_a_manual(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "janedoe.tex").read_text()
    assert "\\cvMakeTitle\n" in tex
    for manual in ("\\sphinxmaketitle", "\\sphinxtableofcontents", "\\makeindex", "\\printindex"):
        assert manual not in tex
    assert "oneside" in tex.split("\\documentclass[")[1].split("]")[0]


@pytest.mark.sphinx(
    "latex",
    testroot="entries",
    freshenv=True,
    confoverrides={"latex_elements": {"maketitle": "\\maketitle", "papersize": "a4paper"}},
)
def test_the_project_settings_win(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "janedoe.tex").read_text()
    assert "\\maketitle\n" in tex
    assert "\\cvMakeTitle" not in tex
    assert "\\documentclass[a4paper," in tex
    assert "\\sphinxtableofcontents" not in tex  # the other defaults still apply


@pytest.mark.sphinx("latex", testroot="latex-web-only", freshenv=True)
def test_web_only_section_is_left_out_but_not_its_toctree(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "janedoe.tex").read_text()
    assert "Highlights" not in tex
    assert "Only on the website" not in tex
    body = tex.split("\\begin{document}")[1]
    # The included documents keep their place and become top-level sections of the PDF.
    assert body.index("Profile of Jane Doe.") < body.index("\\section{Work}")
    assert body.index("\\section{Work}") < body.index("Research Scientist")
    assert body.index("Research Scientist") < body.index("\\section{Skills}")
    assert "\\subsection" not in body


@pytest.mark.sphinx("html", testroot="latex-web-only", freshenv=True)
def test_web_only_section_stays_on_the_site(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    section = soup.find("section", id="highlights")
    assert "cv-web-only" in section["class"]
    assert "Only on the website" in section.get_text()


def text_colours(pdf: Path) -> list[tuple[tuple[float, ...], str]]:
    """The first page's text in runs of one fill colour, read from its content stream: each
    run's colour and its glyphs (pdfLaTeX's T1 fonts: letters as ASCII, no spaces)."""
    reader = PdfReader(pdf)
    runs: list[tuple[tuple[float, ...], str]] = [((), "")]
    for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if operator in (b"g", b"rg", b"k"):
            colour = tuple(round(float(value), 2) for value in operands)
            if colour != runs[-1][0]:
                runs.append((colour, ""))
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            items = operands[0] if operator == b"TJ" else operands[-1:]
            glyphs = "".join(
                item.original_bytes.decode("latin-1")
                for item in items
                if isinstance(item, (TextStringObject, ByteStringObject))
            )
            runs[-1] = (runs[-1][0], runs[-1][1] + glyphs)
    return runs


def test_coauthors_print_in_the_text_colour(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    """Grey co-authors read as less on paper: every author is in the colour of the title."""
    app = make_app("latex", srcdir=root_copy("owner"))
    app.build()
    assert app.warning.getvalue() == ""
    colours = text_colours(latexmk(app.outdir))
    (coauthor,) = (colour for colour, run in colours if "RichardRoe" in run)
    (title,) = (colour for colour, run in colours if "Alpha,aMade-upArticle" in run)
    assert coauthor == title

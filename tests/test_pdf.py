"""The PDF CV: built as Read the Docs builds it, compact, clean, and saying what the site says."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
import sources
from bs4 import BeautifulSoup
from conftest import REPO, latexmk, page_text, pdf_pages, pdf_text, require
from pybtex.database import parse_file
from sphinx.testing.util import SphinxTestApp

#: What the real CV's PDF says about itself: the name is the landing page's title.
TITLE = AUTHOR = sources.landing()["name"]
MAX_PAGES = 5
LETTER = "612 x 792 pts (letter)"


def pdfinfo(pdf: Path, *args: str) -> str:
    return subprocess.run(
        [require("pdfinfo"), *args, str(pdf)], capture_output=True, text=True, check=True
    ).stdout


def info(pdf: Path) -> dict[str, str]:
    """The PDF's document information: Title, Author, Pages, Page size ..."""
    lines = (line.partition(":") for line in pdfinfo(pdf).splitlines())
    return {key: value.strip() for key, _, value in lines}


def latex_log_problems(pdf: Path) -> list[str]:
    """Lines of the LaTeX log that a clean build has none of."""
    log = pdf.with_suffix(".log").read_text(errors="replace")
    pattern = re.compile(
        r"^!|Overfull \\[hv]box|Missing character|undefined references|Rerun to get"
        r"|LaTeX Warning: (Reference|Hyper reference|Citation)"
    )
    return [line for line in log.splitlines() if pattern.search(line)]


def test_compact_letter_with_metadata(site_pdf: Path) -> None:
    meta = info(site_pdf)
    assert 1 <= int(meta["Pages"]) <= MAX_PAGES
    assert meta["Page size"] == LETTER
    assert (meta["Title"], meta["Author"]) == (TITLE, AUTHOR)
    assert meta["Subject"] == "Curriculum vitae"


def test_latex_log_is_clean(site_pdf: Path) -> None:
    assert latex_log_problems(site_pdf) == []


def test_first_page_reads_as_a_cv(site_pdf: Path) -> None:
    """Name, position, profile and date first: no title page, contents or chapter page."""
    first_page = pdf_pages(site_pdf)[0]
    landing = sources.landing()
    profile_start = " ".join(landing["profile"].split()[:4])
    assert first_page.startswith(f"{landing['name']} {landing['position']} {profile_start}")
    first_entry = sources.entries(sources.pages()[1])[0].title
    assert f"{landing['updated']} " in first_page
    assert first_entry in first_page.split(landing["updated"], 1)[1]
    for manual in ("Contents", "CHAPTER", "Chapter", "Index", "Release"):
        assert manual not in first_page


@pytest.mark.parametrize("page", sources.pages())
def test_facts_in_pdf(site_pdf: Path, page: str) -> None:
    """What the site shows of each page's source (tests/sources.py), the PDF shows too."""
    text = pdf_text(site_pdf).translate(str.maketrans("“”‘’", "\"\"''"))
    for fact in sources.facts(page):
        assert " ".join(fact.split()) in text


def site_pages(site: Path) -> list[str]:
    """The site's pages in the order of the root toctree, the order of the PDF's sections."""
    soup = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    links = soup.select("article .toctree-wrapper a.reference.internal")
    return ["index"] + [link["href"].removesuffix(".html") for link in links]


def html_sequence(site: Path) -> list[str]:
    """Every heading, CV entry (its head line) and paper (citation, award, links, notes, the
    equal-contribution legend), in site order."""
    sequence = []
    for page in site_pages(site)[1:]:
        soup = BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
        article = soup.find("article", id="furo-main-content")
        for link in article.select("a.headerlink"):
            link.decompose()
        for item in article.select(
            "h1, h2, h3, div.cv-entry > div.cv-entry-head, li.cv-pub > p, p.cv-pub-legend"
        ):
            # An entry's head is two blocks (what, when): a space between, none inside a line.
            text = item.get_text(" " if "cv-entry-head" in item.get("class", []) else "")
            sequence.append(" ".join(text.replace(" ,", ",").split()))
    return sequence


def test_html_and_pdf_have_the_same_entries_in_the_same_order(
    site_html: Path, site_pdf: Path
) -> None:
    sequence = html_sequence(site_html)
    assert len(sequence) > 60  # every section and every entry of the CV, not a sample
    papers = BeautifulSoup((site_html / "sections/publications.html").read_text(), "html.parser")
    assert len(papers.select("li.cv-pub")) == len(parse_file(REPO / "publications.bib").entries)
    text = pdf_text(site_pdf)
    position = 0
    for item in sequence:
        found = text.find(item, position)
        assert found >= 0, f"{item!r} is missing from the PDF, or out of order"
        position = found + len(item)


def test_links_are_live_and_the_same_as_the_site(site_html: Path, site_pdf: Path) -> None:
    site_links = set()
    for page in site_pages(site_html):
        soup = BeautifulSoup((site_html / f"{page}.html").read_text(), "html.parser")
        article = soup.find("article", id="furo-main-content")
        site_links |= {a["href"] for a in article.select("a.reference.external")}
    pdf_links = set(re.findall(r"https?://\S+", pdfinfo(site_pdf, "-url")))
    assert site_links
    assert pdf_links == site_links


def test_profile_matches_the_site(site_html: Path, site_pdf: Path) -> None:
    profile = page_text(site_html, "index").split("Hands-on")[1].split("CV updated")[0]
    assert f"Hands-on{profile}" in pdf_text(site_pdf)


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


def test_papers_are_in_place_not_in_a_bibliography(site_pdf: Path) -> None:
    tex = site_pdf.with_suffix(".tex").read_text()
    assert "thebibliography" not in tex
    text = pdf_text(site_pdf)
    assert text.index("Publications") < text.index("Talks") < text.index("Projects")
    publications = text[text.index("Publications Conference papers 1. ") : text.index("Talks")]
    for paper in sources.papers().values():
        assert paper["title"] in publications
    for manual in ("Bibliography", "References"):
        assert manual not in text

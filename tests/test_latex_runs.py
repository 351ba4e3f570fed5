"""One LaTeX run where a second would change nothing (cv.sty's \\cvOneRun, latex.py's one_run).

A document that needs nothing from an earlier run is set once, and the one run must give what
LaTeX's usual two gave: the same pages, the footer's "n / N", the bookmarks, and links that land
where they did.  A document that does need an earlier run (a footnote, a table ...) keeps them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import sources
from conftest import LATEXMK, latexmk, pdf_pages, require
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

CONF = """\
project = "Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
latex_documents = [("index", "janedoe.tex", "", "Jane Doe", "howto")]
"""


def build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, text: str, conf: str = ""
) -> Path:
    """The LaTeX folder of a warning-free build of one page, ``# Jane Doe`` and *text*."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF + conf, encoding="utf-8")
    (srcdir / "index.md").write_text(f"# Jane Doe\n\n{text}\n", encoding="utf-8")
    app = make_app("latex", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    return app.outdir


def latex_runs(latexdir: Path, jobname: str) -> int:
    """Compile with latexmk as Read the Docs does; how many times it ran LaTeX."""
    result = subprocess.run(
        [require("latexmk"), *LATEXMK, f"-jobname={jobname}"],
        cwd=latexdir,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return result.stdout.count("Run number ")


def outline(reader: PdfReader) -> list[tuple[int, str, int, float]]:
    """The bookmarks in order: depth, title, page (from 1) and height on it."""

    def walk(items: list, depth: int) -> list[tuple[int, str, int, float]]:
        found = []
        for item in items:
            if isinstance(item, list):
                found += walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item) + 1
                found.append((depth, item.title, page, round(float(item.top), 1)))
        return found

    return walk(reader.outline, 0)


def internal_links(reader: PdfReader) -> list[tuple[int, int, float]]:
    """Each link inside the PDF: its page, and the page and height it leads to."""
    named = reader.named_destinations
    links = []
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/GoTo":
                target = named[action["/D"]]  # a KeyError is a link to nowhere
                where = reader.get_destination_page_number(target) + 1
                links.append((number, where, round(float(target.top), 1)))
    return links


def two_runs(pdf: Path, latexdir: Path) -> Path:
    """*pdf*'s document set the usual way, in two runs, in *latexdir*: without \\cvOneRun."""
    shutil.copytree(pdf.parent, latexdir, ignore=shutil.ignore_patterns("*.pdf", "*.aux"))
    tex = latexdir / f"{pdf.stem}.tex"
    text = tex.read_text(encoding="utf-8")
    assert "\n\\cvOneRun\n" in text
    tex.write_text(text.replace("\n\\cvOneRun\n", "\n"), encoding="utf-8")
    assert latex_runs(latexdir, pdf.stem) == 2
    return latexdir / pdf.name


@pytest.fixture(scope="module")
def two_run_cv(site_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real CV set the usual way, in two runs."""
    return two_runs(site_pdf, tmp_path_factory.mktemp("two-runs") / "latex")


def test_the_real_cv_takes_one_latex_run(site_pdf: Path) -> None:
    latexdir = site_pdf.parent
    # LaTeX wrote no .aux file: the one there is latexmk's own, so nothing asks for a rerun.
    aux = site_pdf.with_suffix(".aux").read_text()
    assert aux == "\\relax \n\\gdef \\@abspage@last{1}\n"
    assert latex_runs(latexdir, site_pdf.stem) == 0  # up to date


def rendered(pdf: Path, tmp_path: Path) -> list[bytes]:
    """Each page of *pdf* as pdftoppm renders it (PNG, 50 dpi)."""
    command = [require("pdftoppm"), "-r", "50", "-png", str(pdf), str(tmp_path / pdf.stem)]
    subprocess.run(command, check=True)
    pages = [png.read_bytes() for png in sorted(tmp_path.glob(f"{pdf.stem}-*.png"))]
    assert len(pages) == len(PdfReader(pdf).pages)
    return pages


def test_one_run_gives_what_two_gave(site_pdf: Path, two_run_cv: Path, tmp_path: Path) -> None:
    one, two = PdfReader(site_pdf), PdfReader(two_run_cv)
    # The same pages to the pixel: the footer's total is where lastpage put it.
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    assert rendered(site_pdf, tmp_path / "one") == rendered(two_run_cv, tmp_path / "two")
    assert pdf_pages(site_pdf) == pdf_pages(two_run_cv)
    footers = [page.extract_text().splitlines()[-1] for page in one.pages]
    pages = len(one.pages)
    assert footers == [f"{sources.title('index')} {n} / {pages}" for n in range(1, pages + 1)]
    assert outline(one) == outline(two)
    sections = [sources.title(page) for page in sources.pages()[1:]]
    assert [title for depth, title, *_ in outline(one) if depth == 0] == sections
    assert internal_links(one) == internal_links(two)
    assert len(internal_links(one)) >= 5
    assert one.page_labels == two.page_labels
    assert one.metadata["/Title"] == two.metadata["/Title"] == sources.title("index")


def test_files_of_an_earlier_build_add_nothing(
    site_pdf: Path, two_run_cv: Path, tmp_path: Path
) -> None:
    """LaTeX still reads the .aux and hyperref the .out file that a two-run build left."""
    latexdir = tmp_path / "latex"
    shutil.copytree(two_run_cv.parent, latexdir)
    shutil.copy(site_pdf.with_suffix(".tex"), latexdir)
    rebuilt_pdf = latexdir / site_pdf.name
    rebuilt_pdf.unlink()
    assert rebuilt_pdf.with_suffix(".out").read_text().count("BOOKMARK") >= len(sources.pages())
    assert latex_runs(latexdir, site_pdf.stem) == 1
    rebuilt, one = PdfReader(rebuilt_pdf), PdfReader(site_pdf)
    assert outline(rebuilt) == outline(one)
    assert internal_links(rebuilt) == internal_links(one)
    assert pdf_pages(rebuilt_pdf) == pdf_pages(site_pdf)


FILLER = "\n\n".join(f"Paragraph {n} of text that fills the page. " * 6 for n in range(80))


def test_a_link_before_its_target_two_pages_on(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    text = f"See [the later part](#later).\n\n{FILLER}\n\n(later)=\n## Later\n\nThe end."
    latexdir = build(make_app, tmp_path, text)
    assert "\n\\cvOneRun\n" in (latexdir / "janedoe.tex").read_text()
    assert latex_runs(latexdir, "janedoe") == 1
    reader = PdfReader(latexdir / "janedoe.pdf")
    pages = pdf_pages(latexdir / "janedoe.pdf")
    assert len(pages) >= 3
    later = next(n for n, page in enumerate(pages, 1) if "Later The end." in page)
    assert internal_links(reader) == [(1, later, internal_links(reader)[0][2])]
    assert outline(reader)[-1][1:3] == ("Later", later)


@pytest.mark.parametrize(
    "conf",
    [
        # Inner and outer margins differ: on a two-sided page the footer moves with the text.
        "latex_elements = {'extraclassoptions': 'oneside', 'sphinxsetup': 'hmargin={1.2in,0.6in}'}",
        "latex_elements = {'extraclassoptions': 'twoside', 'sphinxsetup': 'hmargin={1.2in,0.6in}'}",
        # Sphinx's own title page, whose page style has no footer.
        "latex_elements = {'maketitle': r'\\sphinxmaketitle'}\n"
        "latex_documents = [('index', 'janedoe.tex', 'Jane Doe', 'Jane Doe', 'manual')]",
    ],
    ids=["oneside", "twoside", "title-page"],
)
def test_the_footer_is_where_lastpage_put_it(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, conf: str
) -> None:
    latexdir = build(make_app, tmp_path, FILLER, conf + "\n")
    assert latex_runs(latexdir, "janedoe") == 1
    one = latexdir / "janedoe.pdf"
    two = two_runs(one, tmp_path / "two")
    assert len(PdfReader(one).pages) >= 3
    (tmp_path / "png-one").mkdir()
    (tmp_path / "png-two").mkdir()
    assert rendered(one, tmp_path / "png-one") == rendered(two, tmp_path / "png-two")


@pytest.mark.parametrize(
    ("text", "conf"),
    [
        ("A note.[^1]\n\n[^1]: The note.", ""),
        ("| a | b |\n| - | - |\n| 1 | 2 |", ""),
        ("```{math}\n:label: one\n1 + 1\n```\n\nSee {eq}`one`.", ""),
        (
            "```{code-block} text\n:caption: Code\n:name: code\nx\n```\n\nSee {numref}`code`.",
            "numfig = True\n",
        ),
        ("```{raw} latex\n\\ref{x}\n```", ""),
        ("Text.", "latex_show_pagerefs = True\n"),
        ("Text.", "latex_elements = {'tableofcontents': r'\\sphinxtableofcontents'}\n"),
        ("Ελληνικά.", ""),  # XeLaTeX
    ],
)
def test_what_needs_an_earlier_run_keeps_latexs_runs(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, text: str, conf: str
) -> None:
    tex = (build(make_app, tmp_path, text, conf) / "janedoe.tex").read_text()
    assert "\\cvOneRun" not in tex
    assert "\\cvMakeTitle" in tex


def test_with_a_footnote_the_footer_total_comes_from_lastpage(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    latexdir = build(make_app, tmp_path, f"A note.[^1]\n\n[^1]: The note.\n\n{FILLER}")
    pdf = latexmk(latexdir, "janedoe")
    pages = pdf_pages(pdf)  # asserts "n / N" at the foot of every page
    assert len(pages) >= 2
    assert "A note.1" in pages[0]

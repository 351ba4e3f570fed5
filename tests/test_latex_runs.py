"""The PDF is an ordinary LaTeX build: LaTeX runs as many times as the document needs.

What a later run reads from an earlier one's files (the footer's page total, link targets,
bookmarks) comes from LaTeX's own .aux and .out files.  As a CV grows, each page must read as it
does in a plain ``latexmk`` build of the same ``.tex``, and no page may be left mostly blank
while the next section waits on the page after.  ``tox -e pdf`` runs LaTeX itself until its
files stop changing (``cv.pdf.runs``); Read the Docs runs latexmk: both make the same PDF.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sources
from conftest import LATEXMK, info, pdf_pages, require, tox_pdf
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from cv.pdf import runs

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


def run_latexmk(latexdir: Path, *options: str) -> str:
    """latexmk with *options* in *latexdir*, which must succeed; what it printed."""
    result = subprocess.run(
        [require("latexmk"), *options],
        cwd=latexdir,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return result.stdout


def latex_runs(latexdir: Path, jobname: str) -> int:
    """Compile with latexmk as Read the Docs does; how many times it ran LaTeX."""
    return run_latexmk(latexdir, *LATEXMK, f"-jobname={jobname}").count("Run number ")


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


def test_the_real_cv_is_an_ordinary_latex_build(site_pdf: Path) -> None:
    latexdir = site_pdf.parent
    # LaTeX wrote its labels and the last page's; latexmk ran it until they were stable.
    aux = site_pdf.with_suffix(".aux").read_text()
    assert "\\newlabel{LastPage}" in aux
    assert latex_runs(latexdir, site_pdf.stem) == 0  # up to date
    reader = PdfReader(site_pdf)
    count = len(reader.pages)
    footers = [page.extract_text().splitlines()[-1] for page in reader.pages]
    assert footers == [f"{sources.title('index')} {n} / {count}" for n in range(1, count + 1)]
    sections = [sources.title(page) for page in sources.pages()[1:]]
    assert [title for depth, title, *_ in outline(reader) if depth == 0] == sections
    # Each {ref} of the pages is a link inside the PDF.
    assert len(internal_links(reader)) >= len(sources.references())
    assert reader.metadata["/Title"] == sources.title("index")


FILLER = "\n\n".join(f"Paragraph {n} of text that fills the page. " * 6 for n in range(80))


def test_a_link_before_its_target_two_pages_on(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    text = f"See [the later part](#later).\n\n{FILLER}\n\n(later)=\n## Later\n\nThe end."
    latexdir = build(make_app, tmp_path, text)
    fresh = shutil.copytree(latexdir, tmp_path / "fresh")
    assert latex_runs(latexdir, "janedoe") == 2
    assert runs.compile_pdf(fresh, "janedoe", quiet=True) == (0, 2)
    assert page_texts(fresh / "janedoe.pdf") == page_texts(latexdir / "janedoe.pdf")
    reader = PdfReader(latexdir / "janedoe.pdf")
    pages = pdf_pages(latexdir / "janedoe.pdf")
    assert len(pages) >= 3
    later = next(n for n, page in enumerate(pages, 1) if "Later The end." in page)
    assert internal_links(reader) == [(1, later, internal_links(reader)[0][2])]
    assert outline(reader)[-1][1:3] == ("Later", later)


# -- LaTeX's runs without latexmk (tox -e pdf) --------------------------------------------------


def page_images(pdf: Path, folder: Path) -> list[bytes]:
    """Each page of *pdf* as a PNG image (``pdftoppm``, 50 dpi)."""
    folder.mkdir()
    subprocess.run(
        [require("pdftoppm"), "-r", "50", "-png", str(pdf), str(folder / "page")], check=True
    )
    return [path.read_bytes() for path in sorted(folder.glob("page-*.png"))]


def test_the_real_cv_by_our_runs_is_latexmks_pdf(site_pdf: Path, tmp_path: Path) -> None:
    """From the same .tex, LaTeX run until its files are stable sets the very pages latexmk does
    (Read the Docs): twice from scratch, once when nothing changed since."""
    latexdir = shutil.copytree(
        site_pdf.parent, tmp_path / "latex", ignore=shutil.ignore_patterns(*BUILD_PRODUCTS)
    )
    assert (
        runs.engine(latexdir)
        == info(site_pdf)["Producer"].split("-")[0].lower().replace("pdftex", "pdflatex")
        or runs.engine(latexdir) == "xelatex"
    )
    assert runs.compile_pdf(latexdir, site_pdf.stem, quiet=True) == (0, 2)
    ours = latexdir / site_pdf.name
    assert info(ours)["Producer"] == info(site_pdf)["Producer"]  # the same engine
    assert page_images(ours, tmp_path / "ours") == page_images(site_pdf, tmp_path / "latexmk")
    assert page_texts(ours) == page_texts(site_pdf)
    assert outline(PdfReader(ours)) == outline(PdfReader(site_pdf))
    assert internal_links(PdfReader(ours)) == internal_links(PdfReader(site_pdf))
    assert runs.compile_pdf(latexdir, site_pdf.stem, quiet=True) == (0, 1)


def test_a_document_that_never_settles_is_run_at_most_max_runs(tmp_path: Path) -> None:
    """Each run writes a different .aux (a count of the runs): LaTeX runs MAX_RUNS times, as
    latexmk would, and the PDF is the last run's."""
    (tmp_path / "latexmkrc").write_text("$pdflatex = 'pdflatex ' . $ENV{'LATEXOPTS'} . ' %O %S';\n")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\makeatletter\\providecommand\\runs{0}\n"
        "\\begin{document}Run \\the\\numexpr\\runs+1\\relax.\n"
        "\\immediate\\write\\@auxout{\\gdef\\string\\runs{\\the\\numexpr\\runs+1\\relax}}\n"
        "\\end{document}\n"
    )
    require("pdflatex")
    assert runs.compile_pdf(tmp_path, "doc", quiet=True) == (0, runs.MAX_RUNS)
    assert pdftotext(tmp_path / "doc.pdf").split() == ["Run", f"{runs.MAX_RUNS}.", "1"]


@pytest.mark.parametrize(
    ("latexmkrc", "message"),
    [
        (None, "error: no latexmkrc in {folder} (No such file or directory): build it with "
               "sphinx -b latex"),
        ("$pdflatex = ;\n", "error: {folder}/latexmkrc names no LaTeX engine ($pdflatex = '...')"),
    ],
)  # fmt: skip
def test_a_folder_without_an_engine_says_what_to_do(
    tmp_path: Path, latexmkrc: str | None, message: str
) -> None:
    if latexmkrc is not None:
        (tmp_path / "latexmkrc").write_text(latexmkrc)
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\begin{document}A\\end{document}\n")
    command = [sys.executable, "-I", runs.__file__, str(tmp_path), "doc"]
    ran = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (ran.returncode, ran.stdout, ran.stderr) == (
        2,
        "",
        message.format(folder=tmp_path) + "\n",
    )
    assert not (tmp_path / "doc.pdf").exists()


# -- A CV that grows -----------------------------------------------------------------------------

#: The engines' latexmk options, for the reference build.
LATEXMK_ENGINE = {"pdflatex": "-pdf", "xelatex": "-xelatex", "lualatex": "-lualatex"}
#: What LaTeX and latexmk write next to the .tex: a reference build starts without any of it.
BUILD_PRODUCTS = ("*.pdf", "*.aux", "*.log", "*.out", "*.toc", "*.fls", "*.fdb_latexmk", "*.xdv")
#: More of a page than this left blank at its foot is a page broken too early.
MOSTLY_BLANK = 0.25


def reference(latexdir: Path, jobname: str, engine: str, refdir: Path) -> Path:
    """The same .tex set by a plain latexmk, from scratch: no rc file (not Sphinx's latexmkrc)
    and none of our options, in a fresh folder.  latexmk runs LaTeX again for as long as the
    .aux file changes: twice for a CV (labels, the last page)."""
    shutil.copytree(latexdir, refdir, ignore=shutil.ignore_patterns("latexmkrc", *BUILD_PRODUCTS))
    options = ["-norc", LATEXMK_ENGINE[engine], "-interaction=nonstopmode", f"-jobname={jobname}"]
    run_latexmk(refdir, *options, f"{jobname}.tex")
    return refdir / f"{jobname}.pdf"


def pdftotext(pdf: Path, *options: str) -> str:
    command = [require("pdftotext"), *options, "-enc", "UTF-8", str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as pdftotext lays it out (columns and line breaks kept), footer too."""
    return pdftotext(pdf, "-layout").split("\f")[:-1]  # each page ends with a form feed


def blank_at_foot(pdf: Path) -> list[float]:
    """For each page, the part of its text area left blank under its last line of text: 0 for
    a page filled to its footer, 1 for an empty one.  The text area runs from the top of the
    first page's first line to the top of the footer (the lowest line of each page)."""
    pages = []
    for page in pdftotext(pdf, "-bbox").split("<page ")[1:]:
        words = [
            (float(top), float(bottom))
            for top, bottom in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
        ]
        footer = max(top for top, _ in words)
        body = [(top, bottom) for top, bottom in words if bottom < footer]
        pages.append((footer, min(top for top, _ in body), max(bottom for _, bottom in body)))
    text_top = pages[0][1]
    return [(footer - last) / (footer - text_top) for footer, _, last in pages]


def position(number: int) -> str:
    """One more position for ``sections/experience.md``, as a person would add it (made up)."""
    return (
        f"\n:::{{cv-entry}} Staff Engineer {number}\n:org: Made-up Company {number}\n"
        f":start: 2010-01\n:end: 2011-0{number % 9 + 1}\n:supervisor: Alex Placeholder\n:::\n"
    )


def build_cv(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, tmp_path: Path, step: int
) -> tuple[Path, Path]:
    """Our PDF of *srcdir* as ``tox -e pdf`` makes it, and the reference PDF of its .tex."""
    app = make_app("latex", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()  # docutils' global state, for the next step's app
    ours = tox_pdf(app.outdir, "janedoe")  # the .aux of the step before is still there
    theirs = reference(app.outdir, "janedoe", app.config.latex_engine, tmp_path / f"ref-{step}")
    return ours, theirs


def check_pages(ours: Path, theirs: Path, added: int) -> list[str]:
    """Our PDF's pages read as the reference's, none but the last mostly blank; the pages."""
    where = f"with {added} position(s) added"
    pages, expected = page_texts(ours), page_texts(theirs)
    assert len(pages) == len(expected), f"{where}: {len(pages)} pages, not {len(expected)}"
    for number, (page, reference_page) in enumerate(zip(pages, expected, strict=True), 1):
        diff = difflib.unified_diff(reference_page.splitlines(), page.splitlines(), lineterm="")
        assert page == reference_page, f"{where}, page {number}:\n" + "\n".join(diff)
    for number, blank in enumerate(blank_at_foot(ours)[:-1], 1):
        next_page = pages[number].split()[:2]
        assert blank < MOSTLY_BLANK, (
            f"{where}: page {number} is {blank:.0%} blank, page {number + 1} opens {next_page}"
        )
    # The footer of every page: "n / N", with the total of this build.
    footers = [re.search(r"(\d+) ?/ ?(\d+)\s*$", page) for page in pages]
    assert [footer and footer.groups() for footer in footers] == [
        (str(n), str(len(pages))) for n in range(1, len(pages) + 1)
    ]
    return pages


def test_one_more_position_leaves_no_page_half_blank(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    """Issue 20's case: one more position, and Talks (entries one line each) reaches the foot
    of page 1.  It breaks there, as in a plain build, rather than leaving page 1 a third blank
    and taking a page more."""
    srcdir = root_copy("pdf-growth")
    experience = srcdir / "sections/experience.md"
    experience.write_text(experience.read_text() + position(1))
    pages = check_pages(*build_cv(make_app, srcdir, tmp_path, 1), added=1)
    assert len(pages) == 2
    assert re.search(r"^Talks$", pages[0], re.MULTILINE)


def test_a_growing_cv_reads_as_a_plain_latex_build(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    """Positions added one by one until the CV takes another page: at every step, every page
    reads as in the reference build."""
    srcdir = root_copy("pdf-growth")
    experience = srcdir / "sections/experience.md"
    counts = []
    for added in range(12):
        if added:
            experience.write_text(experience.read_text() + position(added))
        counts.append(len(check_pages(*build_cv(make_app, srcdir, tmp_path, added), added)))
        if counts[-1] != counts[0]:
            break
    assert counts[-1] == counts[0] + 1, counts
    assert len(counts) >= 3, counts  # the page breaks moved through the CV before that

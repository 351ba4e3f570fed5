"""The PDF is an ordinary LaTeX build: latexmk runs LaTeX as many times as the document needs.

What a later run reads from an earlier one's files (the footer's page total, link targets,
bookmarks) comes from LaTeX's own .aux and .out files.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from conftest import LATEXMK, pdf_pages, require
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


def test_the_real_cv_is_an_ordinary_latex_build(site_pdf: Path) -> None:
    latexdir = site_pdf.parent
    # LaTeX wrote its labels and the last page's; latexmk ran it until they were stable.
    aux = (latexdir / "TaekyungHeo_CV.aux").read_text()
    assert "\\newlabel{LastPage}" in aux
    assert latex_runs(latexdir, "TaekyungHeo_CV") == 0  # up to date
    reader = PdfReader(site_pdf)
    count = len(reader.pages)
    footers = [page.extract_text().splitlines()[-1] for page in reader.pages]
    assert footers == [f"Taekyung Heo {n} / {count}" for n in range(1, count + 1)]
    assert [title for depth, title, *_ in outline(reader) if depth == 0][:3] == [
        "Experience",
        "Education",
        "Publications",
    ]
    assert len(internal_links(reader)) >= 5
    assert reader.metadata["/Title"] == "Taekyung Heo"


FILLER = "\n\n".join(f"Paragraph {n} of text that fills the page. " * 6 for n in range(80))


def test_a_link_before_its_target_two_pages_on(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    text = f"See [the later part](#later).\n\n{FILLER}\n\n(later)=\n## Later\n\nThe end."
    latexdir = build(make_app, tmp_path, text)
    assert latex_runs(latexdir, "janedoe") == 2
    reader = PdfReader(latexdir / "janedoe.pdf")
    pages = pdf_pages(latexdir / "janedoe.pdf")
    assert len(pages) >= 3
    later = next(n for n, page in enumerate(pages, 1) if "Later The end." in page)
    assert internal_links(reader) == [(1, later, internal_links(reader)[0][2])]
    assert outline(reader)[-1][1:3] == ("Later", later)

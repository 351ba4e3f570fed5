"""Shared fixtures: sphinx.testing's ``app`` fixtures, our test roots, and the real site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]

REPO = Path(__file__).resolve().parent.parent
# Test roots load our extension the way conf.py does.
sys.path.insert(0, str(REPO / "_ext"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


def require(tool: str) -> str:
    """Path of a system tool; a missing one skips locally but fails in CI, where it must exist."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (see README.md, 'System packages')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def sphinx_build(builder: str, outdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Build the real site the way users and Read the Docs do: a fresh process, -W -n."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-n",
            "-b",
            builder,
            "-d",
            str(outdir / ".doctrees"),
            *args,
            str(REPO),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def site_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built once per test session into a temporary folder."""
    outdir = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build("html", outdir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return outdir


# -- The PDF -------------------------------------------------------------------------------------

#: latexmk as Read the Docs runs it in Sphinx's LaTeX output folder (and ``tox -e pdf`` too).
LATEXMK = ["-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-interaction=nonstopmode"]


def latexmk(latexdir: Path, jobname: str) -> Path:
    """Compile Sphinx's LaTeX output into ``jobname.pdf`` with xelatex; fail on any LaTeX error.

    Like Read the Docs, no file is named: latexmk compiles the folder's one ``.tex`` file.
    """
    require("xelatex")
    result = subprocess.run(
        [require("latexmk"), *LATEXMK, f"-jobname={jobname}"],
        cwd=latexdir,
        capture_output=True,
        text=True,
        check=False,
    )
    log = (latexdir / f"{jobname}.log").read_text(errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert result.returncode == 0, errors or result.stdout[-3000:]
    assert errors == []
    return latexdir / f"{jobname}.pdf"


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text in content order, one space between words, without the page footer.

    The CV is set without hyphenation, so a hyphen at a line's end is a real one: the word is
    joined, not split.  The footer (name, "n / N") is dropped so that text running on from one
    page to the next reads as one.
    """
    text = subprocess.run(
        [require("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for page in text.split("\f")[:-1]:  # pdftotext ends every page with a form feed
        lines = page.strip().splitlines()
        assert re.search(r" \d+ / \d+$", lines[-1]), f"no footer on page {len(pages) + 1}"
        pages.append(" ".join("\n".join(lines[:-1]).replace("-\n", "-").split()))
    return pages


def pdf_text(pdf: Path) -> str:
    """The whole PDF's text as :func:`pdf_pages` gives it, the pages joined."""
    return " ".join(pdf_pages(pdf))


@pytest.fixture(scope="session")
def site_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real CV's PDF, built once per test session the way Read the Docs builds it."""
    require("xelatex")
    outdir = tmp_path_factory.mktemp("site") / "latex"
    result = sphinx_build("latex", outdir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return latexmk(outdir, "TaekyungHeo_CV")


# -- Builders we register no visitor for -------------------------------------------------------

#: Builders whose output must still show our nodes' text, through docutils' own visitors.
OTHER_BUILDERS = ["singlehtml", "epub", "man", "texinfo", "xml"]


def other_builder_output(
    make_app: Callable[..., SphinxTestApp], root: Path, tmp_path: Path, builder: str
) -> str:
    """Everything *builder* writes for test root *root*, after a build without warnings."""
    srcdir = tmp_path / "src"
    shutil.copytree(root, srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    return "\n".join(
        path.read_text(errors="replace")
        for path in app.outdir.rglob("*")
        if path.suffix in {".html", ".xhtml", ".1", ".texi", ".xml"}
    )


# Not sources: left out when a test copies the project to build it elsewhere.
NOT_SOURCES = (".git", ".tox", "_build", "_readthedocs", "*venv*", "__pycache__", ".*_cache")


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources at *dest*, for builds that write beside them or edit them."""
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    return dest

"""Shared fixtures: sphinx.testing's ``app`` fixtures, our test roots, and the real site."""

from __future__ import annotations

import configparser
import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from sphinx.util.inventory import InventoryFile

# The browser tests serve the site like a production host, as the Lighthouse report does.
# (tox.ini's [pytest] puts the project root and _ext on the path: `pythonpath`.)
from bench.gzipserver import serve
from cv.pdf import runs

if TYPE_CHECKING:
    # Only the browser fixtures need Playwright, and import it when they run: every other test
    # runs without it.
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]

REPO = Path(__file__).resolve().parent.parent
#: Where tools read conf.py: what is run and what Read the Docs runs, the engine, the tests (what
#: a new project copies, but for its docs). None names the owner: conf.py alone does.
TOOLING = [".readthedocs.yaml", "tox.ini", ".ci", "_ext", "_static", "_templates", "tests"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture
def root_copy(rootdir: Path, tmp_path: Path) -> Callable[[str], Path]:
    """A fresh copy of test root ``test-<name>``, for a test that edits its sources or expects
    the app itself to fail; sphinx.testing's ``app`` shares one copy between tests."""

    def copy(name: str) -> Path:
        return shutil.copytree(rootdir / f"test-{name}", tmp_path / "src")

    return copy


def require(tool: str) -> str:
    """Path of a system tool; a missing one skips the test, or fails it where every tool must
    be there: in CI (``CI`` set) and under .ci/run, which sets ``CV_REQUIRE_TOOLS``."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (see README.md, 'System packages')"
        if os.environ.get("CI") or os.environ.get("CV_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def tox_commands(env: str, root: Path) -> tuple[list[list[str]], Path]:
    """The commands of tox.ini's [testenv:<env>] for the project in *root*, and their folder."""
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(root / "tox.ini")
    section = ini[f"testenv:{env}"]
    folder = Path(section.get("change_dir", "{tox_root}").replace("{tox_root}", str(root)))
    commands = []
    for line in section["commands"].replace("\\\n", " ").strip().splitlines():
        args = shlex.split(line.replace("{tox_root}", str(root)).replace("{posargs}", ""))
        commands.append([sys.executable, *args[1:]] if args[0] == "python" else args)
    return commands, folder


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


def readable(text: str) -> str:
    """Text as compared with the sources: one space between words, straight quotes."""
    text = " ".join(text.split()).replace(" ,", ",").replace(" .", ".")
    return text.translate(str.maketrans("“”‘’", "\"\"''"))


def inventory(site: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(type, name) -> (uri, display name) of every object in a built site's objects.inv."""
    inv = InventoryFile.loads((site / "objects.inv").read_bytes(), uri="")
    return {
        (objtype, name): (item.uri, item.display_name)
        for objtype, items in inv.data.items()
        for name, item in items.items()
    }


def build_blog(site: Path, outdir: Path, source: Path = REPO / "tests/roots/test-blog") -> Path:
    """Build a blog (ablog, tests/roots/test-blog) with -W -n against *site*'s objects.inv;
    return its HTML folder."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-b", "html"),
            *("-d", str(outdir / ".doctrees"), str(source), str(outdir / "html")),
        ],
        env={**os.environ, "CV_INVENTORY": str(site / "objects.inv")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return outdir / "html"


def page_text(site: Path, page: str) -> str:
    """The main content of a page as a person reads it: one space between words."""
    soup = BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
    for hidden in soup.select("[hidden]"):
        hidden.decompose()
    return " ".join(soup.find("article", id="furo-main-content").get_text(" ").split())


# -- The PDF -------------------------------------------------------------------------------------

#: latexmk as Read the Docs runs it in Sphinx's LaTeX output folder (``tox -e pdf -- --latexmk``).
LATEXMK = runs.LATEXMK[1:]


def latexmk(latexdir: Path, jobname: str = "") -> Path:
    """Compile Sphinx's LaTeX output into ``jobname.pdf`` as Read the Docs does; fail on any
    LaTeX error.

    Like Read the Docs, no file is named: latexmk compiles the folder's one ``.tex`` file, by
    default under that file's own name.
    """
    jobname = jobname or _jobname(latexdir)
    require("xelatex")
    result = subprocess.run(
        [require("latexmk"), *LATEXMK, f"-jobname={jobname}"],
        cwd=latexdir,
        capture_output=True,
        text=True,
        errors="replace",  # TeX prints text it cannot show as bytes of other encodings
        check=False,
    )
    return _compiled(latexdir, jobname, result.returncode, result.stdout)


def tox_pdf(latexdir: Path, jobname: str = "") -> Path:
    """Compile Sphinx's LaTeX output into ``jobname.pdf`` as ``tox -e pdf`` does (LaTeX run
    until the PDF is final, :mod:`cv.pdf.runs`); fail on any LaTeX error."""
    jobname = jobname or _jobname(latexdir)
    require(runs.engine(latexdir))
    ran = runs.compile_pdf(latexdir, jobname, quiet=True)
    return _compiled(latexdir, jobname, ran.status, "")


def _jobname(latexdir: Path) -> str:
    (tex,) = latexdir.glob("*.tex")
    return tex.stem


def _compiled(latexdir: Path, jobname: str, status: int, printed: str) -> Path:
    log = (latexdir / f"{jobname}.log").read_text(errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert status == 0, errors or printed[-3000:] or log[-3000:]
    assert errors == []
    return latexdir / f"{jobname}.pdf"


def pdftotext(pdf: Path) -> str:
    """The PDF's text in content order (``pdftotext -raw``), pages ended by form feeds."""
    return subprocess.run(
        [require("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text in content order, one space between words, without the page footer.

    The CV is set without hyphenation, so a hyphen at a line's end is a real one: the word is
    joined, not split.  The footer (name, "n / N") is dropped so that text running on from one
    page to the next reads as one.
    """
    text = pdftotext(pdf)
    pages = []
    for page in text.split("\f")[:-1]:  # pdftotext ends every page with a form feed
        lines = page.strip().splitlines()
        assert re.search(r" \d+ / \d+$", lines[-1]), f"no footer on page {len(pages) + 1}"
        pages.append(" ".join("\n".join(lines[:-1]).replace("-\n", "-").split()))
    return pages


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


def pdf_text_raw(pdf: Path) -> str:
    """The PDF's text, one space between words, footers and all (a résumé has none)."""
    return " ".join(pdftotext(pdf).replace("-\n", "-").split())


def pdf_text(pdf: Path) -> str:
    """The whole PDF's text as :func:`pdf_pages` gives it, the pages joined."""
    return " ".join(pdf_pages(pdf))


def letters(text: str) -> str:
    """The letters and digits of *text*, accents apart (NFKD) and left out: what a PDF's text
    gives back of it whatever the engine (pdfLaTeX gives its ż as the letter and the accent,
    pdftotext a superscript on a line of its own)."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if char.isalnum())


@pytest.fixture(scope="session")
def site_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real CV's PDF, built once per test session the way Read the Docs builds it."""
    require("xelatex")
    outdir = tmp_path_factory.mktemp("site") / "latex"
    result = sphinx_build("latex", outdir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return latexmk(outdir)


# -- Builders we register no visitor for -------------------------------------------------------

#: Builders whose output must still show our nodes' text, through docutils' own visitors.
OTHER_BUILDERS = ["singlehtml", "epub", "man", "texinfo", "xml"]


def other_builder_output(make_app: Callable[..., SphinxTestApp], srcdir: Path, builder: str) -> str:
    """Everything *builder* writes for the sources in *srcdir*, after a build without warnings."""
    app = make_app(builder, srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    return "\n".join(
        path.read_text(errors="replace")
        for path in app.outdir.rglob("*")
        if path.suffix in {".html", ".xhtml", ".1", ".texi", ".xml"}
    )


# -- Browser tests -------------------------------------------------------------------------------
# Debian's Chromium driven by Playwright against the built site served over HTTP, the way a visitor
# gets it. Playwright's own browser downloads are never used (`playwright install` is not needed).

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site_url(site_html: Path) -> Iterator[str]:
    """The built site at 127.0.0.1 (ephemeral port), gzipped as Read the Docs serves it."""
    with serve(site_html) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium, one per session; each test opens its own context."""
    from playwright.sync_api import sync_playwright

    chromium = require("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


#: Viewport widths in CSS pixels; furo shows the page's contents sidebar from 82em (1312 px).
WIDTHS = {"phone": 390, "laptop": 1280, "wide": 1440}
#: Background of furo's light and dark themes (--color-background-primary).
BACKGROUNDS = {"light": "rgb(255, 255, 255)", "dark": "rgb(19, 20, 22)"}
BACKGROUND = "getComputedStyle(document.body).backgroundColor"


class Visit:
    """A page opened in a fresh browser context, with every console error and failed request."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.problems: list[str] = []
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.problems.append(f"console {message.type}: {message.text} at {message.location}")

    def _failed(self, request: Request) -> None:
        # Chromium fetches the favicon after "load", so opening the next page cancels it
        # (net::ERR_ABORTED, seen in CI). A cancelled request says nothing about the site; a
        # missing file still shows as an HTTP error below or in the links test.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, url: str) -> Page:
        response = self.page.goto(url, wait_until="load")
        assert response is not None
        assert response.status == 200, url
        return self.page


@pytest.fixture
def visit(browser: Browser) -> Iterator[Callable[..., Visit]]:
    """Open pages in fresh contexts (viewport, colour scheme, stored theme), closed afterwards."""
    contexts: list[BrowserContext] = []

    def open_context(
        width: int = 1280, scheme: str = "light", stored_theme: str | None = None
    ) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        if stored_theme:
            # What furo's theme toggle stores; furo reads it before the first paint.
            context.add_init_script(f"localStorage.setItem('theme', '{stored_theme}')")
        contexts.append(context)
        return Visit(context)

    yield open_context
    for context in contexts:
        context.close()


_ARTIFACTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def artifacts(request: pytest.FixtureRequest) -> Path:
    """Folder for screenshots and PDFs: $CV_ARTIFACTS, else _build/test-artifacts (kept from run
    to run, unlike pytest's temporary folders, and ignored by git and the live preview)."""
    folder = Path(os.environ.get("CV_ARTIFACTS") or REPO / "_build" / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    request.config.stash[_ARTIFACTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config):
    """Say where the browser tests left their screenshots, so a person can look at them."""
    if folder := config.stash.get(_ARTIFACTS, None):
        terminalreporter.write_line(f"browser test artefacts (screenshots, PDFs): {folder}")


# -- Small projects of a .bib and a page, built through Sphinx only ----------------------------
# (For the tests of the engine that run unchanged against any version of it: test_bib_defects,
# test_exporter_defects, the property tests.)

CONF = """\
project = "Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
cv_owner = {owner!r}
latex_documents = [("index", "janedoe.tex", "Jane Doe", "Jane Doe", "howto")]
{extra}
"""
ALL = "# Papers\n\n:::{publications}\n:::\n"


class Site:
    """A built project: its warnings, and its pages as HTML soup."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.app = app
        self.warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()

    def soup(self, page: str = "index") -> BeautifulSoup:
        return BeautifulSoup((self.app.outdir / f"{page}.html").read_text(), "html.parser")

    def papers(self, page: str = "index") -> dict[str, BeautifulSoup]:
        return {li["id"]: li for li in self.soup(page).select("li.cv-pub[id]")}

    def text(self, key: str) -> str:
        return self.papers()[key].find(class_="cv-pub-cite").get_text()


@pytest.fixture
def site(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Callable[..., Site]:
    """Build a project with this .bib (text or bytes) and page, for this builder."""

    def build(
        bib: str | bytes,
        page: str = ALL,
        builder: str = "html",
        owner: str | list[str] = "Doe, Jane",
        extra: str = "",
    ) -> Site:
        srcdir = tmp_path / "src"
        shutil.rmtree(srcdir, ignore_errors=True)
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(CONF.format(owner=owner, extra=extra))
        (srcdir / "index.md").write_text(page)
        if isinstance(bib, bytes):
            (srcdir / "refs.bib").write_bytes(bib)
        else:
            (srcdir / "refs.bib").write_text(bib)
        app = make_app(builder, srcdir=srcdir, freshenv=True)
        app.build()
        # Unregister this app's nodes and directives, or a second app in the test warns.
        app.cleanup()
        return Site(app)

    return build


@contextlib.contextmanager
def project(bib: str, builder: str, page: str) -> Iterator[tuple[Path, list[str]]]:
    """The output folder and the warnings of a project of *page* and this .bib, while in the
    ``with`` block."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        (src / "conf.py").write_text(
            'extensions = ["myst_parser", "cv"]\nmyst_enable_extensions = ["colon_fence"]\n'
            'bibtex_bibfiles = ["refs.bib"]\ncv_owner = "Doe, Jane"\n'
            'latex_documents = [("index", "cv.tex", "CV", "CV", "howto")]\n'
        )
        # (A key that a heading has as its id takes it: the heading gets another, cv.duplicate.)
        (src / "index.md").write_text(page)
        (src / "refs.bib").write_text(bib)
        app = SphinxTestApp(builder, srcdir=src, builddir=Path(tmp) / "build", freshenv=True)
        try:
            app.build()
        finally:
            app.cleanup()
        yield Path(app.outdir), strip_escape_sequences(app.warning.getvalue()).splitlines()


def read_entries(bib: str, owner: str = "Doe, Jane") -> dict[str, tuple]:
    """(record, problems) of each entry of *bib*, by the Sphinx-free steps of a build (without
    crossref): quick tests of how one entry is read and checked."""
    from pybtex.database import Person

    from cv.bib.bibfile import BibSource, parse_text
    from cv.bib.checks import check_entry
    from cv.bib.fields import DEFAULT_KINDS
    from cv.bib.record import make_paper

    source = BibSource("refs.bib")
    parse_text(bib, source)
    kinds, owners = tuple(DEFAULT_KINDS), (Person(owner),)
    read = {}
    for position, (key, entry) in enumerate(source.entries.items()):
        paper = make_paper(
            entry, owners=owners, kinds=kinds, digest="", location="", position=position
        )
        read[key] = (paper, check_entry(entry, paper, kinds, owned=True))
    return read

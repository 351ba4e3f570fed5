"""Read the Docs' own build commands give the CV's site, its PDF and each variant's PDF.

Read the Docs runs Sphinx in the folder of ``sphinx.configuration`` with ``-T -W --keep-going``
(from ``fail_on_warning``), writes the site to ``$READTHEDOCS_OUTPUT/html``, the LaTeX sources to
``$READTHEDOCS_OUTPUT/pdf`` and runs latexmk there with ``-jobname=<project slug>``; it sets
environment variables instead of editing conf.py. The test repeats exactly that, then runs the
``post_build`` jobs of ``.readthedocs.yaml`` as written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import sources
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, info, pdf_text_raw, readable, require

from bench.sites import copy_project

CONFIG = REPO / ".readthedocs.yaml"
SLUG = "jane-doe-cv"
CANONICAL = "https://cv.example.org/en/latest/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def readthedocs_checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the project, as Read the Docs clones it, and the variables it builds with."""
    checkout = copy_project(tmp_path / "checkout")
    environ = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_PROJECT": SLUG,
        "READTHEDOCS_LANGUAGE": "en",
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_VERSION_NAME": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        "READTHEDOCS_OUTPUT": f"{checkout}/_readthedocs/",
    }
    return checkout, environ


def run(command: list[str], cwd: Path, environ: dict[str, str]) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=environ, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return result.stdout


def sphinx_command(builder: str, outdir: str) -> list[str]:
    return [
        *(sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", builder),
        *("-d", "_build/doctrees", "-D", "language=en", ".", outdir),
    ]


NONSTOP = ["-interaction=nonstopmode"]


def test_readthedocs_build_commands(tmp_path: Path) -> None:
    latexmk = require("latexmk")
    require("xelatex")
    checkout, environ = readthedocs_checkout(tmp_path)
    output = checkout / "_readthedocs"

    run(sphinx_command("html", f"{output}/html"), checkout, environ)
    html = output / "html"
    soup = BeautifulSoup((html / "index.html").read_text(), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == f"{CANONICAL}index.html"
    assert soup.find("meta", property="og:url")["content"] == f"{CANONICAL}index.html"
    assert (
        soup.find("meta", property="og:description")["content"]
        == (soup.find("meta", attrs={"name": "description"})["content"])
    )
    links = [a["href"] for a in soup.find_all("a", class_="cv-pdf-link")]
    assert links[0] == "https://cv.example.org/_/downloads/en/latest/pdf/"
    # Each variant the landing page links to is published in the site, at the canonical URL.
    published = [link.removeprefix(CANONICAL) for link in links[1:]]
    assert published == [
        f"{settings['filename']}.pdf"
        for settings in sources.variants().values()
        if f"{CANONICAL}{settings['filename']}.pdf" in links
    ]
    sitemap = ElementTree.parse(html / "sitemap.xml").getroot()
    pages = sorted(loc.text for loc in sitemap.iter(f"{SITEMAP_NS}loc"))
    assert pages == sorted(
        f"{CANONICAL}{path.relative_to(html).as_posix()}"
        for path in html.rglob("*.html")
        if path.name not in {"genindex.html", "search.html"}
    )
    assert f"{CANONICAL}{sources.list_pages()[0]}.html" in pages

    # The PDF: the LaTeX builder reuses the HTML build's doctrees, as on Read the Docs.
    run(sphinx_command("latex", f"{output}/pdf"), checkout, environ)
    latex = output / "pdf"
    # latexmk without a file name compiles every .tex file there under one job name.
    assert len(list(latex.glob("*.tex"))) == 1
    run(
        [latexmk, "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", f"-jobname={SLUG}", *NONSTOP],
        latex,
        environ,
    )
    pdf = latex / f"{SLUG}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = readable(pdf_text_raw(pdf))
    assert text.startswith(sources.title("index"))
    for fact in sources.facts("index"):
        assert readable(fact) in text
    assert "Download this CV" not in text

    # The résumé: the post_build job, each command in a shell in the checkout as Read the Docs
    # runs it, publishes it in the site where the landing page links to it.
    # Its virtual environment comes first on PATH, as this one's does here.
    shell = {**environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{environ['PATH']}"}
    jobs = yaml.safe_load(CONFIG.read_text())["build"]["jobs"]["post_build"]
    for job in jobs:
        run(["bash", "-c", job], checkout, shell)
    for settings in sources.variants().values():
        variant = html / f"{settings['filename']}.pdf"
        assert variant.read_bytes().startswith(b"%PDF-")
        if "pages" in settings:
            assert int(info(variant)["Pages"]) <= settings["pages"]
    # The full CV is still the only .tex file that Read the Docs' own latexmk sees.
    assert [path.name for path in latex.glob("*.tex")] == [f"{sources.cv_stem()}.tex"]


def test_a_local_build_names_no_host(site_html: Path) -> None:
    """Without a canonical URL: no canonical link, sitemap, Open Graph tags or PDF link."""
    soup = BeautifulSoup((site_html / "index.html").read_text(), "html.parser")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", property="og:url") is None
    assert soup.find("a", class_="cv-pdf-link") is None
    assert not (site_html / "sitemap.xml").exists()

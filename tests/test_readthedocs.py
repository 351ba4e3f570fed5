"""Read the Docs: the config validates, and Read the Docs' own build commands give site and PDF.

Read the Docs runs Sphinx in the folder of ``sphinx.configuration`` with ``-T -W --keep-going``
(from ``fail_on_warning``), writes the site to ``$READTHEDOCS_OUTPUT/html``, the LaTeX sources to
``$READTHEDOCS_OUTPUT/pdf`` and runs latexmk there with ``-jobname=<project slug>``; it sets
environment variables instead of editing conf.py.  The test repeats exactly that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import yaml
from bs4 import BeautifulSoup
from conftest import REPO, require

from bench.sites import copy_project

CONFIG = REPO / ".readthedocs.yaml"
SLUG = "jane-doe-cv"
CANONICAL = "https://cv.example.org/en/latest/"
RESUME = "TaekyungHeo_Resume.pdf"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# Our own choices, on top of Read the Docs' schema: a pinned Ubuntu LTS image (the schema lists
# the supported ones), Python 3.12 or newer, conf.py, warnings fail, a PDF, pinned requirements.
POLICY = {
    "type": "object",
    "required": ["version", "build", "sphinx", "formats", "python"],
    "properties": {
        "version": {"const": 2},
        "build": {
            "type": "object",
            "required": ["os", "tools"],
            "properties": {
                "os": {"pattern": r"^ubuntu-\d\d\.04$"},
                "tools": {
                    "type": "object",
                    "required": ["python"],
                    "properties": {"python": {"pattern": r"^3\.(1[2-9]|[2-9]\d)$"}},
                },
            },
        },
        "sphinx": {
            "type": "object",
            "required": ["configuration", "fail_on_warning"],
            "properties": {
                "configuration": {"const": "conf.py"},
                "fail_on_warning": {"const": True},
            },
        },
        "formats": {"const": ["pdf"]},
        "python": {"const": {"install": [{"requirements": "requirements.txt"}]}},
    },
}


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_config_validates_against_the_published_schema() -> None:
    result = check_jsonschema("--builtin-schema", "vendor.readthedocs", str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_an_unsupported_image(tmp_path: Path) -> None:
    config = tmp_path / ".readthedocs.yaml"
    config.write_text(CONFIG.read_text().replace("os: ubuntu-", "os: ubuntu-18.04  # was "))
    result = check_jsonschema("--builtin-schema", "vendor.readthedocs", str(config))
    assert result.returncode == 1
    assert "'ubuntu-18.04' is not one of" in result.stdout


def test_config_makes_our_choices(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(POLICY))
    result = check_jsonschema("--schemafile", str(policy), str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr
    relaxed = tmp_path / ".readthedocs.yaml"
    relaxed.write_text(
        CONFIG.read_text().replace("fail_on_warning: true", "fail_on_warning: false")
    )
    assert check_jsonschema("--schemafile", str(policy), str(relaxed)).returncode == 1


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
    cv_link, resume_link = soup.find_all("a", class_="cv-pdf-link")
    assert cv_link["href"] == "https://cv.example.org/_/downloads/en/latest/pdf/"
    assert resume_link["href"] == f"{CANONICAL}{RESUME}"
    sitemap = ElementTree.parse(html / "sitemap.xml").getroot()
    pages = sorted(loc.text for loc in sitemap.iter(f"{SITEMAP_NS}loc"))
    assert pages == sorted(
        f"{CANONICAL}{path.relative_to(html).as_posix()}"
        for path in html.rglob("*.html")
        if path.name not in {"genindex.html", "search.html"}
    )
    assert f"{CANONICAL}sections/publications.html" in pages

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
    pdftotext = require("pdftotext")
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Taekyung Heo" in text
    assert "Senior HPC Middleware Developer" in text
    assert "Download this CV" not in text

    # The résumé: the post_build job, each command in a shell in the checkout as Read the Docs
    # runs it, publishes it in the site where the landing page links to it.
    # Its virtual environment comes first on PATH, as this one's does here.
    shell = {**environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{environ['PATH']}"}
    jobs = yaml.safe_load(CONFIG.read_text())["build"]["jobs"]["post_build"]
    for job in jobs:
        run(["bash", "-c", job], checkout, shell)
    resume = html / RESUME
    assert resume.read_bytes().startswith(b"%PDF-")
    assert (
        "Pages:           1\n"
        in subprocess.run(
            [require("pdfinfo"), str(resume)], capture_output=True, text=True, check=True
        ).stdout
    )
    # The full CV is still the only .tex file that Read the Docs' own latexmk sees.
    assert [path.name for path in latex.glob("*.tex")] == ["TaekyungHeo_CV.tex"]


def test_a_local_build_names_no_host(site_html: Path) -> None:
    """Without a canonical URL: no canonical link, sitemap, Open Graph tags or PDF link."""
    soup = BeautifulSoup((site_html / "index.html").read_text(), "html.parser")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", property="og:url") is None
    assert soup.find("a", class_="cv-pdf-link") is None
    assert not (site_html / "sitemap.xml").exists()

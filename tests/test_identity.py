"""Who the CV is of, and what its PDFs are called, are written once, in conf.py.

The PDF command (tox.ini's [testenv:pdf]) and Read the Docs' jobs (.readthedocs.yaml) read the
PDFs' names from conf.py, so renaming them there is all it takes; no tool's file names the owner.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sources
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, TOOLING, require, tox_commands

from bench.sites import copy_project

#: New names for the PDFs, appended to conf.py whatever it wrote before.
RENAME = """
latex_documents = [(doc[0], "Renamed_CV.tex", *doc[2:]) for doc in latex_documents]
for _name, _variant in cv_variants.items():
    _variant["filename"] = f"Renamed_{_name}"
"""


def run_all(commands: list[list[str]], folder: Path, environ: dict[str, str]) -> None:
    for command in commands:
        result = subprocess.run(
            command, cwd=folder, env=environ, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr}"


def renamed_project(tmp_path: Path) -> Path:
    """A copy of the project whose conf.py renames the PDFs (see RENAME), for TeX's builds."""
    require("xelatex")
    require("latexmk")
    project = copy_project(tmp_path / "cv")
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(RENAME)
    return project


def test_the_pdf_names_are_written_once(tmp_path: Path) -> None:
    """Renamed in conf.py, the PDFs come out under the new names from tox -e pdf's commands."""
    project = renamed_project(tmp_path)
    commands, folder = tox_commands("pdf", project)
    folder.mkdir(parents=True, exist_ok=True)
    run_all(commands, folder, dict(os.environ))
    assert (project / "_build/latex/Renamed_CV.pdf").is_file()
    for name in sources.variants():
        assert (project / f"_build/{name}/Renamed_{name}.pdf").is_file()


def test_read_the_docs_publishes_each_variant_where_the_site_links(tmp_path: Path) -> None:
    """After the HTML build, the post_build jobs as written make the PDF the link points at."""
    project = renamed_project(tmp_path)
    output = project / "_readthedocs"
    canonical = "https://cv.example.org/en/latest/"
    environ = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_LANGUAGE": "en",
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_CANONICAL_URL": canonical,
        "READTHEDOCS_OUTPUT": f"{output}/",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    html = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html"]
    html += ["-d", "_build/doctrees", "-D", "language=en", ".", f"{output}/html"]
    subprocess.run(html, cwd=project, env=environ, check=True, capture_output=True)
    jobs = yaml.safe_load((project / ".readthedocs.yaml").read_text())["build"]["jobs"]
    run_all([["bash", "-c", job] for job in jobs["post_build"]], project, environ)
    soup = BeautifulSoup((output / "html/index.html").read_text(), "html.parser")
    links = [a["href"] for a in soup.select("a.cv-pdf-link")]
    published = [link.removeprefix(canonical) for link in links if link.startswith(canonical)]
    assert published == [f"Renamed_{name}.pdf" for name in sources.variants()]
    for name in published:
        assert (output / "html" / name).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("path", TOOLING)
def test_no_tool_names_the_owner(path: str) -> None:
    """The owner's name and the PDFs' names are conf.py's alone."""
    names = {
        sources.owner(),
        sources.cv_stem(),
        *(v["filename"] for v in sources.variants().values()),
    }
    files = [REPO / path] if (REPO / path).is_file() else sorted((REPO / path).rglob("*"))
    for file in files:
        if not file.is_file() or "fixtures" in file.parts or "__pycache__" in file.parts:
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        for name in names:
            assert name not in text, (
                f"{file.relative_to(REPO)} names {name!r}: read it from conf.py"
            )

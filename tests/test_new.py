"""Start a CV of your own in one command (README, "Make it yours"): .ci/new.py, .ci/update.py.

The new project holds the engine, the tooling and a made-up example in the name given; nothing
of this CV's content (owner, role, entries, papers, PDF names, favicon letters, profile) is in
its files or in the site it builds. Its engine can later be brought up to date without touching
its content.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import sources
from conftest import REPO, TOOLING, require
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from bench.sites import copy_project

#: A name unlike this CV's owner and the tests' made-up people, with an initial and a hyphen.
NAME = "Ada Q. Example-Smith"


def run(command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def readme_command() -> list[str]:
    """The first code block of the README's "Make it yours": one command."""
    section = (REPO / "README.md").read_text().split("## Make it yours", 1)[1]
    (block,) = re.findall(r"```(?:sh)?\n(.*?)```", section, re.DOTALL)[:1]
    lines = [line for line in block.strip().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return shlex.split(lines[0])


def slug(name: str) -> str:
    """The README's folder for a name: ``Jane Doe`` -> ``jane-doe``."""
    return "-".join(name.lower().split())


def made_up_text() -> str:
    """What is made up: the example's text (.ci/new.py), the test roots, the README's example
    command (in a project it made, the owner's name); a title braced as the example's .bib
    braces it, "{{Alpha}: ...}", read plain too."""
    made_up = (REPO / ".ci" / "new.py").read_text() + "".join(
        path.read_text(errors="replace") for path in (REPO / "tests" / "roots").rglob("*.*")
    )
    made_up += shlex.join(readme_command())
    return made_up + made_up.replace("{", "").replace("}", "")


def this_cvs_traces() -> set[str]:
    """What identifies this CV: its owner, PDF names, positions and other entries, papers and
    profile. Made-up data (tests/roots) and the example's own text (.ci/new.py) are no trace."""
    found = {sources.owner(), sources.cv_stem(), *sources.current_roles()}
    found |= {v["filename"] for v in sources.variants().values()}
    found |= {entry.head() for _, entry in sources.every_entry() if ", " in entry.head()}
    found |= {paper["title"] for paper in sources.papers().values()}
    found |= {key for key in sources.papers() if len(key) > 6}
    found |= {" ".join(paragraph.split()[:8]) for paragraph in sources.profile()}
    made_up = made_up_text()
    # An entry's head joins its parts ("Title, Org, Place"): made up when each part is.
    return {
        trace for trace in found if trace and not all(part in made_up for part in trace.split(", "))
    }


def assert_no_trace(folder: Path) -> None:
    """No text file below *folder* holds a trace of this CV."""
    traces = this_cvs_traces()
    for path, text in texts(folder).items():
        for trace in traces:
            assert trace not in text, f"{path.relative_to(folder)}: {trace!r}"


def texts(folder: Path) -> dict[Path, str]:
    """The project's text files: not its fixtures, images or bytecode (which its tests write)."""
    return {
        path: path.read_text(errors="replace")
        for path in folder.rglob("*")
        if path.is_file()
        and not {"fixtures", "__pycache__"} & set(path.parts)
        and path.suffix not in {".png", ".pdf"}
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new CV made by the README's command, with another name in place of the example's."""
    folder = tmp_path_factory.mktemp("new") / "ada-cv"
    command = readme_command()
    assert command[:2] == ["python3", ".ci/new.py"]
    assert command[3] == f"../{slug(command[2])}-cv"
    run([sys.executable, ".ci/new.py", NAME, str(folder)], REPO)
    return folder


def test_the_readme_shows_one_command() -> None:
    python, script, name, folder = readme_command()
    assert (python, script, folder) == ("python3", ".ci/new.py", f"../{slug(name)}-cv")


def test_the_readmes_example_name_is_no_name_of_the_engine() -> None:
    """Run as the README shows it, the new project's own tests pass: its owner's name and PDF
    names are in no engine file it copies (the README's example was "Jane Doe", the tests'
    made-up author, and the new project's identity tests failed on it)."""
    name = readme_command()[2]
    for folder in (*TOOLING, "docs"):
        files = [REPO / folder] if (REPO / folder).is_file() else (REPO / folder).rglob("*")
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                text = path.read_text(errors="replace")
                for written in (name, "".join(name.split())):
                    assert written not in text, path


def test_the_new_project_is_the_engine_and_an_example_in_the_name_given(project: Path) -> None:
    for path in ("_ext/cv/__init__.py", ".ci/tox.py", ".ci/pdf.py", "tox.ini", "ruff.toml",
                 ".readthedocs.yaml", "requirements.txt", "tests/conftest.py", "docs/index.md",
                 "index.md", "publications.bib", "sections/experience.md"):  # fmt: skip
        assert (project / path).is_file(), path
    conf = (project / "conf.py").read_text()
    assert f'author = "{NAME}"' in conf
    assert (project / "README.md").read_text().startswith(f"# {NAME}: CV and publications\n")
    assert NAME in (project / "publications.bib").read_text()
    record = json.loads((project / ".ci/engine.json").read_text())
    assert record["source"]
    # Nothing of the build or environments of this project.
    for left_out in (".tox", "_build", ".git"):
        assert not (project / left_out).exists()


def test_nothing_of_this_cv_is_in_the_new_project(project: Path) -> None:
    assert sources.owner() in this_cvs_traces() or sources.owner() in made_up_text()
    assert_no_trace(project)


def test_the_new_project_builds_clean_and_is_its_owners(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html"]
    run([*command, str(project), str(out)], project)
    assert_no_trace(out)
    favicon = next((out / "_static").glob("*favicon*.svg")).read_text()
    assert ">AS</text>" in favicon  # Ada Q. Example-Smith: the first and last words
    index = (out / "index.html").read_text()
    assert f"<title>{NAME}</title>" in index
    assert "Research Scientist, Example Labs" in index  # the example's current position


def test_a_project_made_from_a_new_project_is_in_its_own_name(
    project: Path, tmp_path: Path
) -> None:
    """new.py run again in a project it made (its cv_contact spans lines): one author, one
    cv_contact, and conf.py still reads."""
    again = tmp_path / "again"
    run([sys.executable, ".ci/new.py", "Jane Q. Public", str(again)], project)
    conf = (again / "conf.py").read_text()
    names = eval_config_file(again / "conf.py", Tags())
    assert names["author"] == "Jane Q. Public"
    assert names["cv_contact"] == {
        "email": "jane.q.public@example.org",
        "homepage": "https://jane-q-public.example.org/",
    }
    assert conf.count("cv_contact = ") == 1


def test_the_new_projects_tests_run_on_its_own_content(project: Path) -> None:
    """Collected, not run here (the fresh-clone run of the README's commands runs them)."""
    out = run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        project,
    )
    collected = int(re.search(r"(\d+) tests? collected", out)[1])
    assert collected > 500, out[-500:]


def test_update_brings_engine_fixes_and_leaves_the_content(project: Path, tmp_path: Path) -> None:
    """A later engine (a copy of this project with an engine file changed and a file added) is
    taken in; the new project's own content is untouched, and nothing of this CV comes in."""
    require("git")
    upstream = copy_project(tmp_path / "upstream")
    init = upstream / "_ext/cv/__init__.py"
    init.write_text(init.read_text() + "\n# A later fix.\n")
    (upstream / "_ext/cv/added.py").write_text('"""A later module."""\n')
    mine = {path: path.read_text() for path in texts(project) if ".ci" not in path.parts}
    out = run([sys.executable, ".ci/update.py", str(upstream)], project)
    assert "files written" in out
    assert (project / "_ext/cv/__init__.py").read_text().endswith("# A later fix.\n")
    assert (project / "_ext/cv/added.py").is_file()
    for path, text in mine.items():
        if "_ext" not in path.parts:
            assert path.read_text() == text, path
    assert_no_trace(project)

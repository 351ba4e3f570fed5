"""Start a CV of your own, in one command: ``python3 .ci/new.py "Your Name" ../your-cv``.

Makes a new CV project in the folder: the engine (``_ext/cv``), the tooling (``.ci``,
``tox.ini``, ``ruff.toml``), CI and Read the Docs' configuration, the tests and the
documentation, copied from this project; and a short example CV in your name, made up from
start to end (one entry per section, three papers), where this project has its own. Nothing of
this CV's content comes along: the name, role, papers, PDF names and favicon all follow from
the name you give. It needs Python's standard library only (Debian's ``python3`` will do), and
writes ``.ci/engine.json``, where the engine came from, for ``.ci/update.py`` to fetch fixes.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What a CV project shares with every other: copied here, and again by .ci/update.py. The rest
#: is the CV's own (conf.py, index.md, sections/, publications.bib, README.md's title).
ENGINE = [
    "_ext", ".ci", "tests", "docs", "bench", "_static", "_templates",
    "tox.ini", "requirements.txt", "ruff.toml", ".gitignore", ".readthedocs.yaml",
]  # fmt: skip
#: Never copied: builds, environments, caches, this project's record of its own engine.
LEAVE_OUT = [
    ".git", ".tox", "_build", "_readthedocs", "*venv*", "__pycache__", ".*_cache", "*.pyc",
    "node_modules", ".ci/engine.json",
]  # fmt: skip
#: The example CV, its pages in the order of the landing page's toctree.
SECTIONS = {
    "experience": """# Experience

:::{{cv-entry}} Research Scientist
:org: Example Labs
:location: Springfield
:start: 2023-12
:end: present
:tags: resume

- An example position, made up: put your own in its place, newest first.
:::
""",
    "education": """# Education

:::{{cv-entry}} Doctor of Philosophy (Ph.D.), Computer Science
:org: Example University
:start: 2017-09
:end: 2023-06
:advisor: Ada Example
:tags: resume

Dissertation: *A Made-up Dissertation on Examples*
:::
""",
    "publications": """# Publications

:::{{publication-downloads}}
:::

:::{{publications}}
:::
""",
    "talks": """# Talks

:::{{cv-entry}} Examples at Scale
:org: Example Conference
:date: 2024-06
:name: talk-example-2024
:::
""",
    "projects": """# Projects

:::{{cv-entry}} Example Toolkit: Made-up Things, Quickly
:name: project-example

- An example project, made up.
- Published in {{ref}}`CoE 2024 <{key}2024alpha>`
:::
""",
    "awards": """# Awards

:::{{cv-entry}} Best Example Award
:org: Example Society
:date: 2024-05
:::
""",
    "service": """# Service

:::{{cv-entry}} Program Committee
:org: Example Workshop 2025
:::
""",
    "teaching": """# Teaching

:::{{cv-entry}} Teaching Assistant for Example Studies
:org: Example University
:date: Fall 2019
:::
""",
    "skills": """# Skills

- **Programming languages:** Python, C
- **Tools:** Sphinx, LaTeX, Git
""",
}
INDEX = """# {{{{ author }}}}

:::{{cv-current-role}}
:::

:::{{cv-contact}}
:::

:::{{cv-pdf-link}} Download this CV as PDF
:::

:::{{cv-pdf-link}} One-page résumé (PDF)
:variant: resume
:::

An example CV, made up from start to end: put a few lines about your own work in place of this
profile. Each page of the CV holds one example entry, and the list of papers three example
papers, to replace with yours.

:::{{only}} not resume
*CV updated on {{sub-ref}}`today`.*
:::

{{.cv-web-only}}
## Selected publications

:::{{publications}}
:selected:
:::

{{.cv-web-only}}
All papers, with their BibTeX, are on the {{doc}}`publications page <sections/publications>`.

```{{toctree}}
:maxdepth: 1
:caption: CV

{toctree}
```
"""
PAPERS = """\
% Three made-up papers, to replace with your own: any exporter's BibTeX works (docs/editing.md).

@inproceedings{{{key}2024alpha,
  author     = {{{name} and Roe, Richard}},
  title      = {{{{Alpha}}: an Example Paper}},
  booktitle  = {{Conference on Examples}},
  year       = {{2024}},
  month      = jun,
  shortvenue = {{CoE}},
  selected   = {{true}},
}}

@article{{{key}2023beta,
  author  = {{Roe, Richard and {name}}},
  title   = {{Beta, an Example Article}},
  journal = {{Journal of Examples}},
  volume  = {{7}},
  pages   = {{1--10}},
  year    = {{2023}},
}}

@misc{{{key}2022gamma,
  author       = {{{name}}},
  title        = {{Gamma, an Example Preprint}},
  howpublished = {{Preprint}},
  year         = {{2022}},
  kind         = {{preprint}},
}}
"""


def ascii_words(name: str) -> list[str]:
    """The name's words in lower-case ASCII letters ("Zoë Müller" -> ["zoe", "muller"])."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z]+", plain.lower())


def engine_files(source: Path) -> list[Path]:
    """The engine's files in *source*, relative to it: what git tracks (and new files it does
    not ignore) in a checkout, else every file but :data:`LEAVE_OUT`."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(source), "ls-files", "-z", "--cached", "--others",
             "--exclude-standard", "--", *ENGINE],
            capture_output=True, text=True, check=True,
        ).stdout.split("\0")  # fmt: skip
        files = [Path(name) for name in listed if name and (source / name).is_file()]
    except (OSError, subprocess.CalledProcessError):
        files = [
            path.relative_to(source)
            for top in ENGINE
            for path in ([source / top] if (source / top).is_file() else (source / top).rglob("*"))
            if path.is_file()
        ]
    return [
        file
        for file in files
        if not any(
            fnmatch.fnmatch(part, pattern) or fnmatch.fnmatch(file.as_posix(), pattern)
            for pattern in LEAVE_OUT
            for part in file.parts
        )
    ]


def copy_engine(source: Path, target: Path) -> list[Path]:
    """Copy the engine's files from *source* into *target*; the files copied."""
    files = engine_files(source)
    for file in files:
        (target / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / file, target / file)
    return files


def origin(source: Path) -> dict[str, str]:
    """Where the engine came from: the checkout's remote (or folder) and its commit."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "-C", str(source), *args], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "source": git("remote", "get-url", "origin") or str(source),
        "commit": git("rev-parse", "HEAD"),
    }


def settings(name: str, conf: str) -> str:
    """This project's conf.py with *name* as the owner and example contact links."""
    words = ascii_words(name) or ["you"]
    contact = {
        "email": f"{'.'.join(words)}@example.org",
        "homepage": f"https://{'-'.join(words)}.example.org/",
    }
    pairs = "".join(f"    {json.dumps(k)}: {json.dumps(v)},\n" for k, v in contact.items())
    lines = {
        "author": f"author = {json.dumps(name, ensure_ascii=False)}",
        "cv_contact": f"cv_contact = {{\n{pairs}}}  # made up: put yours, or none ({{}})",
    }
    # Each setting's whole statement is replaced (found by ast, not by a pattern: in a project
    # made by this script, cv_contact spans lines), comment after it included.
    try:
        body = ast.parse(conf).body
    except SyntaxError as error:
        sys.exit(f"error: conf.py does not parse ({error}): fix it first")
    statements = {
        node.targets[0].id: (node.lineno, node.end_lineno or node.lineno)
        for node in body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in lines
    }
    for key in lines.keys() - statements.keys():
        sys.exit(f"error: conf.py has no line `{key} = ...` to set; set it by hand")
    text = conf.splitlines(keepends=True)
    for key, (start, end) in sorted(statements.items(), key=lambda item: -item[1][0]):
        text[start - 1 : end] = [lines[key] + "\n"]
    return "".join(text)


def make(name: str, target: Path, source: Path = ROOT) -> None:
    """A new CV project for *name* in *target* (which must not exist, or be empty)."""
    if target.exists() and any(target.iterdir()):
        sys.exit(f"error: {target} is not empty: give a new folder")
    target.mkdir(parents=True, exist_ok=True)
    copy_engine(source, target)
    (target / ".ci" / "engine.json").write_text(json.dumps(origin(source), indent=1) + "\n")
    key = (ascii_words(name) or ["me"])[-1]
    (target / "conf.py").write_text(settings(name, (source / "conf.py").read_text("utf-8")))
    (target / "sections").mkdir(exist_ok=True)
    for page, text in SECTIONS.items():
        (target / "sections" / f"{page}.md").write_text(text.format(key=key), encoding="utf-8")
    toctree = "\n".join(f"sections/{page}" for page in SECTIONS)
    (target / "index.md").write_text(INDEX.format(toctree=toctree), encoding="utf-8")
    (target / "publications.bib").write_text(PAPERS.format(key=key, name=name), "utf-8")
    readme = (source / "README.md").read_text("utf-8").split("\n", 1)[1]
    (target / "README.md").write_text(f"# {name}: CV and publications\n{readme}", "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name", help="your name, as the CV is to show it")
    parser.add_argument("folder", type=Path, help="the new project's folder, e.g. ../my-cv")
    args = parser.parse_args()
    if not args.name.strip():
        parser.error("give your name")
    make(" ".join(args.name.split()), args.folder.resolve())
    print(f"A CV for {args.name} is in {args.folder}: made-up content to replace with yours.")
    print(f"Next: cd {args.folder} && python3 .ci/tox.py -e docs   (then open _build/html)")
    print("Then: git init, and see README.md, 'Make it yours'.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

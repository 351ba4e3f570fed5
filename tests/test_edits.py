"""Ordinary edits of the CV never break the CV's tests (tests/cv/), unless they break the CV.

A copy of the project gets the edits its owner makes every year: a new position (the README's
example), a paper as DBLP exports it (its own key, a long booktitle, names as "Given Family"),
a reworded profile, a project removed, and every paper of one kind removed. The CV's tests
(but the browser's, which take minutes and read nothing of the sources) then run in the copy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import sources
from conftest import require

from bench.sites import copy_project

#: The README's example position, untagged: the résumé does not change.
POSITION = """
:::{cv-entry} Research Scientist
:org: Example Labs
:start: 2023-12
:end: present

- What you did, in MyST Markdown.
:::
"""

#: A paper as DBLP writes it: DBLP's key, names as "Given Family", the proceedings' full title
#: with place and dates, its bookkeeping fields. Made up, with the CV owner among the authors.
DBLP_PAPER = """
@inproceedings{{DBLP:conf/isca/DoeMM25,
  author       = {{Jane Doe and
                  {owner} and
                  Max Mustermann}},
  title        = {{A Fake Paper, as {{DBLP}} Exports It}},
  booktitle    = {{Proceedings of the 52nd Annual International Symposium on Computer
                  Architecture, {{ISCA}} 2025, Tokyo, Japan, June 21-25, 2025}},
  pages        = {{1--14}},
  publisher    = {{{{ACM}}}},
  year         = {{2025}},
  url          = {{https://doi.org/10.5555/fake.2025}},
  doi          = {{10.5555/fake.2025}},
  timestamp    = {{Mon, 23 Jun 2025 12:00:00 +0200}},
  biburl       = {{https://dblp.org/rec/conf/isca/DoeMM25.bib}},
  bibsource    = {{dblp computer science bibliography, https://dblp.org}}
}}
"""

PROFILE = "Reworded by a test: a profile that no test may expect, in words of its own."


def referenced(project: Path) -> str:
    """Every page's text, where references name entries and papers."""
    return "\n".join(
        (project / f"{page}.md").read_text(encoding="utf-8") for page in sources.pages()
    )


def add_position(project: Path) -> None:
    page = project / f"{sources.pages()[1]}.md"
    text = page.read_text(encoding="utf-8")
    title = re.search(r"^# .+\n", text, re.MULTILINE)
    page.write_text(text[: title.end()] + POSITION + text[title.end() :], encoding="utf-8")


def add_dblp_paper(project: Path) -> None:
    bib = project / sources.conf()["bibtex_bibfiles"][0]
    paper = DBLP_PAPER.format(owner=sources.owner())
    bib.write_text(bib.read_text(encoding="utf-8") + paper, encoding="utf-8")


def reword_profile(project: Path) -> None:
    index = project / "index.md"
    (paragraph,) = sources.profile()[:1]
    text = index.read_text(encoding="utf-8")
    # The paragraph as written, its line breaks anywhere between its words.
    written = re.compile(r"\s+".join(map(re.escape, paragraph.split())))
    index.write_text(written.sub(PROFILE, text, count=1), encoding="utf-8")


def remove_named_entries(project: Path) -> list[str]:
    """Remove each page's first entry with a name (a project, a talk) that no page refers to,
    where the page has others (a page left empty is a CV to fix, and its test says so)."""
    text = referenced(project)
    removed = []
    for page in sources.pages():
        if len(sources.entries(page)) < 2:
            continue
        for entry in sources.entries(page):
            name = entry.options.get("name")
            if name and name not in text.replace(f":name: {name}", ""):
                path = project / f"{page}.md"
                source = path.read_text(encoding="utf-8")
                start = source.index(f":::{{cv-entry}} {entry.title}\n")
                end = source.index("\n:::\n", start) + len("\n:::\n")
                path.write_text(source[:start] + source[end:], encoding="utf-8")
                removed.append(name)
                break
    return removed


def remove_one_kind(project: Path) -> str:
    """Remove every paper of the rarest kind (or entry type) that no page refers to."""
    pages = referenced(project).lower()
    kinds: dict[str, list[str]] = {}
    for key, entry in sources.bibliography().entries.items():
        kinds.setdefault(entry.fields.get("kind", entry.type), []).append(key)
    free = [
        (len(keys), kind, keys)
        for kind, keys in kinds.items()
        if not any(key.lower() in pages for key in keys)
    ]
    if len(kinds) < 2 or not free:
        return ""
    _, kind, keys = min(free)
    bib = project / sources.conf()["bibtex_bibfiles"][0]
    text = bib.read_text(encoding="utf-8")
    for key in keys:
        start = re.search(rf"@\w+\{{{re.escape(key)},", text).start()
        depth, end = 0, start
        for end, char in enumerate(text[start:], start):  # noqa: B007
            depth += {"{": 1, "}": -1}.get(char, 0)
            if char == "}" and depth == 0:
                break
        text = text[:start] + text[end + 1 :]
    bib.write_text(text, encoding="utf-8")
    return kind


def test_ordinary_edits_keep_the_cv_tests_green(tmp_path: Path) -> None:
    require("xelatex")
    project = copy_project(tmp_path / "cv")
    add_position(project)
    add_dblp_paper(project)
    reword_profile(project)
    removed = remove_named_entries(project)
    # Every CV with a page of several named entries has one removed (this one: a talk, a project).
    assert removed or not [p for p in sources.pages() if len(sources.entries(p)) > 1]
    assert remove_one_kind(project)
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/cv"),
            *("--ignore-glob=*browser*", "--ignore-glob=*html_validity*"),
        ],
        cwd=project,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in summary, summary

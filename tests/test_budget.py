"""A variant over its page budget fails the PDF command, and its last line says what to do.

The README's example position, tagged for the résumé, made the résumé two pages while
``tox -e pdf`` said "congratulations". Here a copy of the project gets tagged positions until a
variant with a budget overflows, and tox.ini's PDF commands run on it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import sources
from conftest import require, tox_commands

from bench.sites import copy_project

POSITION = """
:::{{cv-entry}} Research Scientist {number}
:org: Example Labs
:start: {year}-01
:end: {year}-12
:tags: {tag}

- What you did, in MyST Markdown, at some length so that it takes a line of its own.
:::
"""


def test_over_budget_fails_the_pdf_command_with_one_line_that_says_what_to_do(
    tmp_path: Path,
) -> None:
    require("xelatex")
    require("latexmk")
    budgeted = [(name, v) for name, v in sources.variants().items() if "pages" in v]
    if not budgeted:
        pytest.skip("no variant has a page budget")
    name, variant = budgeted[0]
    tag = sorted(sources.variant_tags(name))[0]
    page = variant["sections"][0].partition("#")[0]
    project = copy_project(tmp_path / "cv")
    source = project / f"{page}.md"
    text = source.read_text(encoding="utf-8")
    title = re.search(r"^# .+\n", text, re.MULTILINE)
    added = "".join(
        POSITION.format(number=n, year=1950 + n, tag=tag) for n in range(25 * variant["pages"])
    )
    source.write_text(text[: title.end()] + added + text[title.end() :], encoding="utf-8")
    commands, folder = tox_commands("pdf", project)
    folder.mkdir(parents=True, exist_ok=True)
    results = [
        subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
        for command in commands
    ]
    assert results[-1].returncode != 0, results[-1].stdout[-2000:]
    last = results[-1].stderr.strip().splitlines()[-1]
    stem = variant["filename"]
    assert re.fullmatch(
        rf"error: {name} \(_build/{name}/{stem}\.pdf\) has \d+ pages, \d+ lines over its budget "
        rf"of {variant['pages']} pages?: take its tag off the oldest entries above, or raise "
        rf"'pages' in cv_variants\['{name}'\] in conf\.py",
        last,
    ), last
    # Before it, the entries the variant shows, oldest first: the added ones lead.
    lines = results[-1].stderr.strip().splitlines()
    first = lines.index(f"The entries {name} shows (:tags: {tag}), oldest first:")
    assert lines[first + 1].startswith(f"  {page}.md:")
    assert lines[first + 1].endswith("Research Scientist 0, Example Labs (1950-01 – 1950-12)")
    # The PDF is still there, in full, to look at.
    assert (project / f"_build/{name}/{stem}.pdf").is_file()

"""LaTeX run on Sphinx's output until what it reads back stops changing: the PDF of ``tox -e pdf``.

A LaTeX run writes files that the next run reads (``.aux``: labels, the last page's number;
``.out``: bookmarks). When a run leaves every file of the folder but its log and PDF as it found
them, one more run would read the same input and set the same pages: the PDF is final. A build
from scratch so takes two runs, as latexmk's (Read the Docs runs latexmk; the test suite checks
that both make the same pages). The same engine and the same limits as latexmk's: the engine
Sphinx named in ``latexmkrc`` (pdfLaTeX, or XeLaTeX for other scripts), no shell escape and no
file outside the folder (:data:`KPATHSEA`, which ``cv.pdf.latex`` also writes into latexmkrc).

Why not latexmk itself: for the CV, latexmk's own work (starting Perl, reading LaTeX's log and
recorder file after each run) was 0.21 of the 1.70 CPU seconds of a whole PDF build; that is
what ``bench/pdf.py`` measures beside this. ``--latexmk`` runs latexmk instead, as Read the Docs
does. Standard library only: ``.ci/pdf.py`` and the benchmark run it as ``python -I runs.py
[--latexmk] FOLDER JOBNAME``, without importing Sphinx or the extension.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

#: kpathsea's settings for every LaTeX run of a CV: no shell command (``\write18``, a piped
#: ``\input``), and no file read or written outside the folder ("paranoid": no absolute path,
#: no "..", no dot file), whatever a page or a .bib holds. TeX Live's defaults allow a few shell
#: commands and reading any file.
KPATHSEA = {"shell_escape": "f", "openin_any": "p", "openout_any": "p"}
#: The most runs: latexmk's default (``$max_repeat``). A document that never settles (a page
#: reference that moves itself across a page break) is set as it is after the last.
MAX_RUNS = 5
#: latexmk as Read the Docs runs it in Sphinx's LaTeX folder (``-f``: on after an error, yet
#: failing), less the ``-jobname=``.
LATEXMK = ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-interaction=nonstopmode"]
#: The engine Sphinx's latexmkrc names for latexmk's ``-pdf`` mode (``sphinx/texinputs``).
ENGINE_RE = re.compile(r"^\$pdflatex = '(?P<engine>[\w.-]+) ", re.MULTILINE)


class Ran(NamedTuple):
    """What :func:`compile_pdf` did."""

    status: int  #: the last run's exit status: 0 when LaTeX reported no error
    runs: int  #: how many times LaTeX ran


class LatexError(Exception):
    """The folder cannot be compiled: no latexmkrc naming an engine, or no engine installed."""


def engine(folder: Path) -> str:
    """The engine Sphinx chose for this folder's document, as its latexmkrc names it."""
    try:
        found = ENGINE_RE.search((folder / "latexmkrc").read_text("utf-8"))
    except OSError as error:
        message = f"no latexmkrc in {folder} ({error.strerror}): build it with sphinx -b latex"
        raise LatexError(message) from None
    if found is None:
        raise LatexError(f"{folder / 'latexmkrc'} names no LaTeX engine ($pdflatex = '...')")
    return found["engine"]


def state(folder: Path, jobname: str) -> dict[str, bytes]:
    """What a run may read back: each file of *folder* (a few hundred kB), less the run's log
    and PDF (which differ on every run: timestamps)."""
    skip = {f"{jobname}.log", f"{jobname}.pdf"}
    return {
        path.name: path.read_bytes()
        for path in folder.iterdir()
        if path.is_file() and path.name not in skip
    }


def compile_pdf(folder: Path, jobname: str, quiet: bool = False) -> Ran:
    """Run LaTeX on *folder*'s ``jobname.tex`` until the PDF is final (LaTeX's output kept
    from the terminal if *quiet*)."""
    command = [engine(folder), "-no-shell-escape", *shlex.split(os.environ.get("LATEXOPTS", ""))]
    command += ["-interaction=nonstopmode", f"-jobname={jobname}", f"{jobname}.tex"]
    env = {**os.environ, **KPATHSEA}
    before, runs = state(folder, jobname), 0
    while runs < MAX_RUNS:
        try:
            ran = subprocess.run(command, cwd=folder, env=env, capture_output=quiet, check=False)
        except FileNotFoundError:
            raise LatexError(f"{command[0]} is not installed (see docs/pdf.md)") from None
        runs += 1
        after = state(folder, jobname)
        if after == before:
            break
        before = after
    return Ran(ran.returncode, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latexmk", action="store_true", help="run latexmk, as Read the Docs")
    parser.add_argument("folder", type=Path, help="Sphinx's LaTeX output folder")
    parser.add_argument("jobname", help="the .tex file's name without .tex, and the PDF's")
    options = parser.parse_args()
    if options.latexmk:
        command = [*LATEXMK, f"-jobname={options.jobname}"]
        return subprocess.run(command, cwd=options.folder, check=False).returncode
    try:
        return compile_pdf(options.folder, options.jobname).status
    except LatexError as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""The PDF CV and each variant (the résumé), as Read the Docs builds them: ``tox -e pdf``.

    python .ci/pdf.py [Sphinx options]   the CV into _build/latex/, each variant into _build/<name>/
    python .ci/pdf.py --readthedocs      Read the Docs' post_build job: each variant, from the
                                         doctrees of its own builds, copied into the site
    python .ci/pdf.py --latexmk          LaTeX run by latexmk, as Read the Docs runs it

Each PDF is Sphinx's LaTeX builder (``-W --keep-going -n``; a variant with its tag, ``-t
resume``), then LaTeX in that folder until the PDF is final (``cv.pdf.runs``: twice from scratch,
the same pages as latexmk's, without latexmk's own 0.2 s). The PDFs' names are read from
conf.py (``latex_documents``, ``cv_variants``), where they are written once: nothing here or
in tox.ini or .readthedocs.yaml repeats them.

A variant longer than its page budget (``"pages"``) is a LaTeX error (cv.sty): the command
fails, after listing the entries the variant shows, oldest first, and ends with one line that
names the variant, says by how much it is over and what to do.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
#: LaTeX's runs on Sphinx's output (standard library only: run as a file, without the extension).
RUNS = ROOT / "_ext" / "cv" / "pdf" / "runs.py"


def documents() -> list[tuple[str, str]]:
    """(variant name, file name without .pdf) of the full CV ("") and of each variant."""
    conf = eval_config_file(ROOT / "conf.py", Tags())
    root = conf.get("root_doc", "index")
    (cv,) = (Path(entry[1]).stem for entry in conf["latex_documents"] if entry[0] == root)
    variants = conf.get("cv_variants", {})
    return [("", cv)] + [
        (name, str(spec["filename"]).removesuffix(".pdf")) for name, spec in variants.items()
    ]


def run(command: list[str], cwd: Path) -> int:
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, cwd=cwd, check=False).returncode


#: cv.sty's error for a variant over its budget, as the LaTeX log has it (lines joined).
OVER = re.compile(
    r"Package cv Error: cv_variants\['(?P<variant>[^']*)'\] is over its page budget of "
    r"(?P<budget>\d+) page\(s\) by (?P<lines>-?\d+) lines: it has (?P<pages>\d+) pages"
)


class OverBudgetError(Exception):
    """A variant's PDF is longer than its budget: the one line that says so and what to do."""


def over_budget(outdir: Path, stem: str) -> str:
    """The hint and the one-line message for a PDF over its budget, or "" if it is not."""
    log = outdir / f"{stem}.log"
    text = " ".join(log.read_text(errors="replace").split()) if log.exists() else ""
    found = OVER.search(text)
    if not found:
        return ""
    name, budget, lines = found["variant"], int(found["budget"]), found["lines"]
    tagged = json.loads((outdir / "cv-tagged-entries.json").read_text(encoding="utf-8"))
    tags = " or ".join(f":tags: {tag}" for tag in tagged["tags"])
    hint = [f"The entries {name} shows ({tags}), oldest first:"]
    hint += [
        f"  {e['where']}: {', '.join(filter(None, [e['title'], e['org']]))} ({e['when']})"
        for e in tagged["entries"]
    ]
    pdf = (outdir / f"{stem}.pdf").relative_to(ROOT)
    hint.append(
        f"error: {name} ({pdf}) has {found['pages']} pages, {lines} lines over its budget of "
        f"{budget} page{'s' if budget > 1 else ''}: take its tag off the oldest entries above, "
        f"or raise 'pages' in cv_variants['{name}'] in conf.py"
    )
    return "\n".join(hint)


def build(
    name: str, stem: str, sphinx: list[str], outdir: Path, latexmk: bool = False
) -> Path | None:
    """One PDF: Sphinx's LaTeX builder with the variant's tag, then LaTeX (by latexmk if
    *latexmk*); None if it failed. Over its budget: :class:`OverBudgetError`."""
    tags = ["-t", name] if name else []
    if run([sys.executable, "-m", "sphinx", *sphinx, "-b", "latex", *tags, ".", str(outdir)], ROOT):
        return None
    runs = [sys.executable, "-I", str(RUNS), *(["--latexmk"] if latexmk else [])]
    if run([*runs, str(outdir), stem], ROOT):
        if message := over_budget(outdir, stem):
            raise OverBudgetError(message)
        return None
    return outdir / f"{stem}.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readthedocs", action="store_true", help="Read the Docs' post_build job")
    parser.add_argument("--latexmk", action="store_true", help="LaTeX run by latexmk")
    options, sphinx = parser.parse_known_args()
    doctrees = str(BUILD / "doctrees")
    made, failed, over = [], [], []
    for name, stem in documents():
        if options.readthedocs:
            if not name:
                continue  # Read the Docs builds the full CV itself
            language = os.environ.get("READTHEDOCS_LANGUAGE", "en")
            flags = ["-T", "-W", "--keep-going", "-d", doctrees, "-D", f"language={language}"]
        else:
            flags = ["-W", "--keep-going", "-n", "-d", doctrees, *sphinx]
        try:
            pdf = build(name, stem, flags, BUILD / (name or "latex"), options.latexmk)
        except OverBudgetError as error:
            over.append(str(error))
            continue
        if pdf is None:
            failed.append(name or "the CV")
            continue
        made.append(pdf)
        if options.readthedocs:
            # Published inside the site, where the landing page's link (cv-pdf-link) points.
            shutil.copy(pdf, Path(os.environ["READTHEDOCS_OUTPUT"]) / "html" / pdf.name)
    for pdf in made:
        print(f"PDF: {pdf.relative_to(ROOT)}", flush=True)
    if failed:
        print(f"error: no PDF of {', '.join(failed)}: see the messages above", file=sys.stderr)
    for message in over:  # last, the one line that says what to do
        print(message, file=sys.stderr, flush=True)
    return 1 if failed or over else 0


if __name__ == "__main__":
    sys.exit(main())

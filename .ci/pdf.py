"""The PDF CV and each variant (the résumé), as Read the Docs builds them: ``tox -e pdf``.

    python .ci/pdf.py [Sphinx options]   the CV into _build/latex/, each variant into _build/<name>/
    python .ci/pdf.py --readthedocs      Read the Docs' post_build job: each variant, from the
                                         doctrees of its own builds, copied into the site

Each PDF is Sphinx's LaTeX builder (``-W --keep-going -n``; a variant with its tag, ``-t
resume``), then latexmk in that folder, as Read the Docs runs it. The PDFs' names are read from
conf.py (``latex_documents``, ``cv_variants``), where they are written once: nothing here or
in tox.ini or .readthedocs.yaml repeats them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
#: latexmk as Read the Docs runs it in Sphinx's LaTeX folder (-f still fails on a LaTeX error).
LATEXMK = ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-interaction=nonstopmode"]


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


def build(name: str, stem: str, sphinx: list[str], outdir: Path) -> Path | None:
    """One PDF: Sphinx's LaTeX builder with the variant's tag, then latexmk; None if it failed."""
    tags = ["-t", name] if name else []
    if run([sys.executable, "-m", "sphinx", *sphinx, "-b", "latex", *tags, ".", str(outdir)], ROOT):
        return None
    if run([*LATEXMK, f"-jobname={stem}", f"{stem}.tex"], outdir):
        return None
    return outdir / f"{stem}.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readthedocs", action="store_true", help="Read the Docs' post_build job")
    options, sphinx = parser.parse_known_args()
    doctrees = str(BUILD / "doctrees")
    made, failed = [], []
    for name, stem in documents():
        if options.readthedocs:
            if not name:
                continue  # Read the Docs builds the full CV itself
            language = os.environ.get("READTHEDOCS_LANGUAGE", "en")
            flags = ["-T", "-W", "--keep-going", "-d", doctrees, "-D", f"language={language}"]
        else:
            flags = ["-W", "--keep-going", "-n", "-d", doctrees, *sphinx]
        pdf = build(name, stem, flags, BUILD / (name or "latex"))
        if pdf is None:
            failed.append(name or "the CV")
            continue
        made.append(pdf)
        if options.readthedocs:
            # Published inside the site, where the landing page's link (cv-pdf-link) points.
            shutil.copy(pdf, Path(os.environ["READTHEDOCS_OUTPUT"]) / "html" / pdf.name)
    for pdf in made:
        print(f"PDF: {pdf.relative_to(ROOT)}")
    if failed:
        print(f"error: no PDF of {', '.join(failed)}: see the messages above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The two sites the benchmark builds from the same synthetic .bib: ours and a plain baseline.

Ours is a copy of this project with ``publications.bib`` replaced. The plain baseline is what a
user gets without our extension: furo + MyST + sphinxcontrib-bibtex, the same pages with our
directives turned into plain Markdown, and the papers listed by ``{bibliography}`` with ``:all:``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIB = "publications.bib"
# The page the benchmark edits for the "one-section edit" rebuild; it exists in both sites.
SECTION = "sections/experience.md"

#: Not sources: left out whenever the project is copied to be built elsewhere (here, and by the
#: tests that build a copy).
NOT_SOURCES = (
    ".git", ".tox", "_build", "_readthedocs", "*venv*", "__pycache__", ".*_cache", "*.pyc",
)  # fmt: skip

PLAIN_CONF = '''\
"""A plain site: furo + MyST + sphinxcontrib-bibtex, nothing of the CV project's own."""

project = "Plain baseline"
author = "Jane Doe"
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
root_doc = "index"
include_patterns = ["index.md", "sections/*.md"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2
bibtex_bibfiles = ["publications.bib"]
bibtex_default_style = "plain"
html_theme = "furo"
html_copy_source = False
latex_engine = "xelatex"
latex_documents = [("index", "plain.tex", "Plain baseline", author, "howto")]
'''

PLAIN_PUBLICATIONS = """\
# Publications

```{bibliography}
:all:
```
"""

# Directives of Sphinx and docutils the plain site keeps; any other (ours) is rewritten or dropped.
STANDARD = {"toctree", "note", "tip", "warning", "admonition", "seealso", "rubric", "figure"}
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$")
OPTION = re.compile(r"^:(?P<name>[\w-]+):\s*(?P<value>.*)$")


def plain_markdown(text: str) -> str:
    """``text`` with each ``cv-entry`` as a bold title and a line of its options; other
    non-standard directives (our paper lists) dropped, so the page has the same words."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if match is None or match["name"] in STANDARD:
            out.append(lines[index])
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].strip() != match["fence"]:
            end += 1
        if match["name"] == "cv-entry":
            body = lines[index + 1 : end]
            options = []
            while body and (option := OPTION.match(body[0])):
                if option["name"] != "name":
                    options.append(option["value"])
                body = body[1:]
            out += [f"**{match['argument']}**", "", " · ".join(options), ""]
            out += plain_markdown("\n".join(body)).splitlines()
        index = end + 1
    return "\n".join(out) + "\n"


# Like a research group's list, the synthetic one has papers without the CV owner, each of which
# our extension rightly warns about; printing thousands of such warnings is not what is measured.
OURS_CONF = """
suppress_warnings = [*globals().get("suppress_warnings", []), "cv.owner"]
"""


def copy_project(dest: Path, *leave_out: str) -> Path:
    """A copy of the project's sources at *dest*, less the *leave_out* glob patterns too."""
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(*NOT_SOURCES, *leave_out))
    return dest


def make_ours(root: Path, bib: str, off: tuple[str, ...] = ()) -> Path:
    """A copy of this project in ``root`` with ``bib`` as its publications; the speed
    mechanisms named in *off* switched off (``cv_speed``, see ``cv.speed``)."""
    copy_project(root, "bench", "tests")
    (root / BIB).write_text(bib, encoding="utf-8")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(OURS_CONF)
        if off:
            conf.write(f"cv_speed = {dict.fromkeys(off, False)!r}\n")
    return root


def make_plain(root: Path, bib: str) -> Path:
    """The plain baseline in ``root``: our pages in plain MyST, all papers on one page."""
    (root / "sections").mkdir(parents=True)
    (root / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    (root / BIB).write_text(bib, encoding="utf-8")
    for page in [REPO / "index.md", *sorted((REPO / "sections").glob("*.md"))]:
        text = plain_markdown(page.read_text(encoding="utf-8"))
        (root / page.relative_to(REPO)).write_text(text, encoding="utf-8")
    (root / "sections" / "publications.md").write_text(PLAIN_PUBLICATIONS, encoding="utf-8")
    return root

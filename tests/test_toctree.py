"""A page that is there but that include_patterns leave out: the toctree says what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences


def test_a_page_outside_the_patterns_is_named_with_the_fix(
    make_app: Callable[..., SphinxTestApp], root_copy: Callable[[str], Path]
) -> None:
    srcdir = root_copy("blog-cv")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('include_patterns = ["index.md", "sections/*.md"]\n')
    (srcdir / "sections/talks.md").rename(srcdir / "talks.md")
    index = srcdir / "index.md"
    index.write_text(
        index.read_text().replace("sections/talks\n", "talks\nsections/missing\n"),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    assert warnings == [
        f"{srcdir / 'index.md'}:5: WARNING: toctree: talks.md is not read: conf.py's "
        "include_patterns (index.md, sections/*.md) leave it out; move it to where they look, "
        "or add 'talks.md' to include_patterns [cv.toctree]",
        # A page that is nowhere is Sphinx's to report, as ever.
        f"{srcdir / 'index.md'}:5: WARNING: toctree contains reference to nonexisting document "
        "'sections/missing' [toc.not_readable]",
    ]
    # The rest of the toctree is kept, in its order.
    html = (app.outdir / "index.html").read_text()
    assert html.index("sections/projects.html") < html.index("sections/publications.html")

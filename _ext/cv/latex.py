"""LaTeX support: a compact CV instead of a manual, with ``cv.sty`` holding every CV macro.

Sphinx's LaTeX builder makes a manual: title page, table of contents, index.  A CV needs none of
them, so the defaults below switch them off through Sphinx's own ``latex_elements`` keys.  They
apply only where the project's ``conf.py`` did not set the key itself, so a project keeps the last
word (its paper size, font size, a preamble of its own ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.constants import XELATEX_DEFAULT_FONTPKG
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0"

STY = Path(__file__).with_name("cv.sty")

# XeTeX has no font fallback of its own.  Sphinx's default FreeSerif/FreeSans cover Latin,
# Greek and Cyrillic; xeCJK hands Chinese, Japanese and Korean (Hangul) characters to Noto CJK,
# and breaks lines between them, which unspaced CJK titles need.  The KR variant is used because
# one Noto CJK face covers all ideographs and the Korean forms suit the common case here.  All
# these are on Read the Docs' build image (texlive-full, fonts-noto-cjk); on Debian they are
# fonts-freefont-otf, fonts-noto-cjk, and texlive-lang-cjk plus texlive-lang-chinese for xeCJK.
XELATEX_FONTPKG = (
    XELATEX_DEFAULT_FONTPKG
    + r"""
\usepackage{xeCJK}
% xeCJK would take dashes, quotes, ellipses and the middle dot for CJK punctuation and eat the
% spaces around them.
\xeCJKDeclareCharClass{Default}{"00B7, "2010 -> "2027}
% Korean puts spaces between words; xeCJK drops spaces between CJK characters (Chinese and
% Japanese have none to drop), so keep them.
\xeCJKsetup{CJKspace = true}
% CJK has no italics: emphasis stays upright, as CJK typography does.
\setCJKmainfont{Noto Serif CJK KR}[BoldFont = * Bold, ItalicFont = *, BoldItalicFont = * Bold]
\setCJKsansfont{Noto Sans CJK KR}[BoldFont = * Bold, ItalicFont = *, BoldItalicFont = * Bold]
\setCJKmonofont{Noto Sans Mono CJK KR}
"""
)

#: ``latex_elements`` every CV wants, whatever the project.
LATEX_ELEMENTS = {
    # The CV's own header (cv.sty) instead of a title page; no table of contents, no index.
    "maketitle": r"\cvMakeTitle",
    "tableofcontents": "",
    "makeindex": "",
    "printindex": "",
    # No chapter ornaments (they would only show with a "manual" docclass).
    "fncychap": "",
    # One-sided: the same margins on every page, as a CV is read on screen or printed single.
    "extraclassoptions": "oneside",
    # Narrower margins than a book's, and one link colour for all links.
    "sphinxsetup": (
        "hmargin={0.75in,0.75in}, vmargin={0.6in,0.7in}, "
        "InnerLinkColor={rgb}{0.1,0.25,0.55}, OuterLinkColor={rgb}{0.1,0.25,0.55}"
    ),
}


def set_latex_defaults(app: Sphinx, config: Config) -> None:
    """Ship ``cv.sty`` and fill in the CV's LaTeX settings the project left unset."""
    if str(STY) not in config.latex_additional_files:
        config.latex_additional_files = [*config.latex_additional_files, str(STY)]
    defaults = dict(LATEX_ELEMENTS)
    if config.latex_engine == "xelatex":
        defaults["fontpkg"] = XELATEX_FONTPKG
    config.latex_elements = {**defaults, **config.latex_elements}
    # A CV's sections are sections, not a manual's chapters, whatever the docclass.  None is
    # Sphinx's "not set" (the docclass decides).
    if config.latex_toplevel_sectioning is None:
        config.latex_toplevel_sectioning = "section"


#: The class of a section that is the website's only, such as the landing page's selected papers.
WEB_ONLY = "cv-web-only"


class DropWebOnlySections(SphinxPostTransform):
    """Leave sections marked ``cv-web-only`` out of the PDF, but not the documents they include.

    The PDF lists every paper in place, so the landing page's selection would say it twice.  A
    root document's toctree often sits under such a section (headings nest whatever follows
    them); the LaTeX builder has inlined its documents there by now, so they are lifted to the
    section's place and keep their order and their level.
    """

    default_priority = 5  # before the LaTeX builder's own transforms and reference resolving
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        for section in list(self.document.findall(nodes.section)):
            if WEB_ONLY in section["classes"] and section.parent is not None:
                section.replace_self(list(_included_documents(section)))


def _included_documents(node: nodes.Element) -> Iterator[addnodes.start_of_file]:
    """The documents a toctree inlined into *node*, outermost only, in order."""
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            yield child
        elif isinstance(child, nodes.Element):
            yield from _included_documents(child)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", set_latex_defaults)
    app.add_post_transform(DropWebOnlySections)
    app.add_latex_package("cv")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}

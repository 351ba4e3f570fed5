"""LaTeX support: ship ``cv.sty``, the one place where the PDF's CV macros are defined."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0"

STY = Path(__file__).with_name("cv.sty")


def add_sty(app: Sphinx, config: Config) -> None:
    """Have the LaTeX builder copy ``cv.sty`` next to the ``.tex`` file it writes."""
    if str(STY) not in config.latex_additional_files:
        config.latex_additional_files = [*config.latex_additional_files, str(STY)]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", add_sty)
    app.add_latex_package("cv")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}

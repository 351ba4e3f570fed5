"""A page that is there but not read: the toctree says what to do about it.

conf.py's ``include_patterns`` has Sphinx read the CV's pages only (``index.md``,
``sections/*.md``): a page written elsewhere, ``talks.md`` say, is not read, and Sphinx's
toctree calls it a "nonexisting document" though the file is right there. Sphinx's ``toctree``
directive is kept whole; this subclass only takes such an entry out first, with a message that
names the file and says to move it or add it to ``include_patterns`` (a test fails loudly
should Sphinx's directive change).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils.statemachine import StringList
from sphinx.directives.other import TocTree
from sphinx.util import docname_join, logging, url_re
from sphinx.util.matching import Matcher
from sphinx.util.nodes import explicit_title_re

if TYPE_CHECKING:
    from sphinx import addnodes

logger = logging.getLogger(__name__)


class CvTocTree(TocTree):
    """Sphinx's ``toctree``, which names a page left out by ``include_patterns`` as such."""

    def parse_content(self, toctree: addnodes.toctree) -> None:
        kept = [
            (line, item)
            for line, item in zip(self.content, self.content.items, strict=True)
            if not self._left_out(line.strip())
        ]
        self.content = StringList([line for line, _ in kept], items=[item for _, item in kept])
        super().parse_content(toctree)

    def _left_out(self, entry: str) -> bool:
        """Whether *entry* names a source file that exists but include_patterns leave out
        (then say so); a missing or excluded page is Sphinx's to report."""
        explicit = explicit_title_re.match(entry)
        target = explicit.group(2) if explicit else entry
        if not target or target == "self" or url_re.match(target) or "*" in target:
            return False
        docname = docname_join(self.env.current_document.docname, target)
        if docname in self.env.found_docs:
            return False
        srcdir = Path(self.env.srcdir)
        files = [srcdir / f"{docname}{suffix}" for suffix in self.config.source_suffix]
        found = next((path for path in files if path.is_file()), None)
        if found is None:
            return False
        name = found.relative_to(srcdir).as_posix()
        if Matcher(self.config.exclude_patterns)(name):
            return False
        patterns = ", ".join(self.config.include_patterns)
        logger.warning(
            "toctree: %s is not read: conf.py's include_patterns (%s) leave it out; move it "
            "to where they look, or add %r to include_patterns",
            name,
            patterns,
            name,
            location=self.get_location(),
            type="cv",
            subtype="toctree",
        )
        return True

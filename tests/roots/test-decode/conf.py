"""A directive that shows each line of its content decoded by cv.decode, rendered by
pybtex_docutils: the HTML and LaTeX writers' own escaping is what the test checks.

support_smartquotes=False, as the publication list has it: Sphinx would make " and ' curly."""

from docutils import nodes
from pybtex_docutils import Backend
from sphinx.util.docutils import SphinxDirective

from cv.bib.decode import decode

project = "Decode"
latex_engine = "xelatex"
latex_documents = [("index", "decode.tex", "Decode", "Jane Doe", "howto")]


class Decoded(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        backend = Backend()
        return [
            nodes.paragraph(
                "",
                "",
                *decode(line).text.render(backend),
                classes=["decoded"],
                support_smartquotes=False,
            )
            for line in self.content
        ]


def setup(app):
    app.add_directive("decoded", Decoded)

"""CV entries: the ``cv-entry`` directive, its nodes and their visitors.

One entry is a position, a degree, a talk, an award... : a title, an organisation, optional
location, a date or a date range, optional people and a free MyST body.  Laid out in the order of
Sphinx's ``ext/todo.py``: nodes, directive, visitors, ``setup()``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from ..bib.dates import CvDate, parse_date, parse_dates, parse_end
from ..bib.decode import decode
from ..publications.nodes import CvBackend

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils.nodes import Node
    from sphinx.util.typing import OptionSpec
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.text import TextTranslator


logger = logging.getLogger(__name__)
T = TypeVar("T")

#: People options, in the order they are shown, with the label shown before the name.
PEOPLE = {"supervisor": "Supervisor", "advisor": "Advisor"}

RANGE_DASH = "\N{EN DASH}"

#: A tag: a letter, then letters, digits, "_" or "-" (what Sphinx's ``-t`` and ``only`` accept).
TAG = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


# -- Nodes -------------------------------------------------------------------------------------
# Each subclasses a real docutils node, so a builder we register no visitor for (epub, man,
# singlehtml ...) falls back to that node's visitor and still prints readable text.


class cv_entry(nodes.container):
    """One CV entry; ``entry["title"]`` holds its title as plain text for labels and metadata."""


class cv_entry_head(nodes.container):
    """The entry's first line: what (title, organisation, location) and when (dates)."""


class cv_entry_what(nodes.paragraph):
    """Title, organisation and location."""


class cv_entry_when(nodes.paragraph):
    """The date or date range."""


class cv_entry_people(nodes.paragraph):
    """The people under the title (supervisor, advisor)."""


class cv_date(nodes.inline):
    """One date; ``node["datetime"]`` is its ISO 8601 form for HTML's ``<time>``."""


def tags_option(argument: str | None) -> tuple[str, ...]:
    """``:tags: resume, industry``: the variants (``cv_variants``) that show the entry."""
    tags = tuple(dict.fromkeys((argument or "").replace(",", " ").split()))
    if not tags:
        msg = "give one or more tags, e.g. ':tags: resume'"
        raise ValueError(msg)
    for tag in tags:
        if not TAG.fullmatch(tag):
            msg = f"tag {tag!r} is not a name; use letters, digits, '_' or '-'"
            raise ValueError(msg)
    return tags


def entry_title(node: nodes.Element) -> str:
    """Give Sphinx's std domain the text of a ``std:label`` that names an entry."""
    return node["title"]


# -- Directive ---------------------------------------------------------------------------------


def text_option(value: str | None) -> str:
    """A text option (``:org:``, ``:location:``, people): required, shown as written.

    docutils' own ``unchanged_required`` says only "argument required"; this says what to do.
    """
    if value is None or not value.strip():
        raise ValueError("no value given; write one (':org: Example Labs') or leave the option out")
    return value.strip()


#: URL schemes a link in an entry's body may use; any other (``javascript:``, ``data:``) could
#: run code in a visitor's browser. Relative links (other pages of the site) have no scheme.
SAFE_SCHEMES = {"http", "https", "mailto", "ftp"}


class CvEntry(SphinxDirective):
    """``:::{cv-entry} Title`` with ``:org:``, ``:start:``/``:end:`` or ``:date:`` and people."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    # Dates are checked in run(), not by option converters: MyST drops an option whose converter
    # fails and runs the directive anyway, so a bad :start: would also give a second, misleading
    # "needs both :start: and :end:". In run() each bad value gives exactly one message, in MyST
    # and reST alike, and the entry is kept, shown without the dates.
    option_spec: ClassVar[OptionSpec] = {
        "org": text_option,
        "location": text_option,
        "start": directives.unchanged,
        "end": directives.unchanged,
        "date": directives.unchanged,
        **dict.fromkeys(PEOPLE, text_option),
        "tags": tags_option,
        "name": text_option,
        "class": directives.class_option,
    }

    def run(self) -> list[Node]:
        title = self.arguments[0].strip()
        when, iso = self._when()
        entry = cv_entry(title=title, classes=["cv-entry", *self.options.get("class", [])])
        # What the entry says, for readers of the doctree (cv.web.jsonresume): dates in ISO 8601,
        # end "" for an ongoing one.
        entry["org"] = self.options.get("org", "")
        entry["start"] = iso.get("start", "")
        entry["end"] = iso.get("end", "")
        entry["dates"] = iso.get("dates", [])
        self.set_source_info(entry)
        if "tags" in self.options:
            entry["tags"] = list(self.options["tags"])  # read by cv.pdf.variants
        if "name" in self.options:
            self.add_name(entry)  # an explicit target: Sphinx's std domain makes it a std:label
        else:
            # A readable, unique anchor (#senior-hpc-middleware-developer) that outside pages
            # can link to, instead of the "id3" Sphinx would number enumerable nodes with.
            entry["ids"].append(make_id(self.env, self.state.document, "", title.lower()))
            self.state.document.set_id(entry)

        # Title, organisation, location and people are plain text, never markup: whatever
        # characters they hold are shown as written, in HTML and in LaTeX alike.
        # support_smartquotes=False: Sphinx would otherwise turn "straight" quotes into curly ones.
        what = cv_entry_what("", "", classes=["cv-entry-what"], support_smartquotes=False)
        what += nodes.strong(title, title, classes=["cv-entry-title"])
        for key in ("org", "location"):
            if value := self.options.get(key):
                what += nodes.Text(", ")
                what += nodes.inline(value, value, classes=[f"cv-entry-{key}"])
        head = cv_entry_head("", what, classes=["cv-entry-head"])
        if when:
            head += cv_entry_when("", "", *when, classes=["cv-entry-when"])
        entry += head

        people = [
            (label, self.options[key]) for key, label in PEOPLE.items() if key in self.options
        ]
        if people:
            line = cv_entry_people("", "", classes=["cv-entry-people"], support_smartquotes=False)
            for i, (label, name) in enumerate(people):
                line += nodes.Text(f"{'; ' if i else ''}{label}: {name}")
            entry += line

        # No file is read into an entry (include, literalinclude, raw :file:): its body is text.
        settings = self.state.document.settings
        inserting = settings.file_insertion_enabled
        settings.file_insertion_enabled = False
        try:
            body = self.parse_content_to_nodes()
        finally:
            settings.file_insertion_enabled = inserting
        for node in body:
            self._defuse(node)
        entry += body
        return [entry]

    def _warn(self, message: str, subtype: str, node: nodes.Node | None = None) -> None:
        location = node if node is not None and node.line else self.get_location()
        logger.warning(f"cv-entry: {message}", location=location, type="cv", subtype=subtype)

    def _parse(self, key: str, parse: Callable[[str | None], T], hint: str = "") -> T | None:
        """Parse date option *key*; on a bad value warn once (with how to fix it), give None."""
        try:
            return parse(self.options[key])
        except ValueError as exc:
            self._warn(f":{key}: {exc}{hint}; the entry is shown without dates", "dates")
            return None

    def _when(self) -> tuple[list[Node], dict[str, Any]]:
        """Check that the date options fit together and render them in one style; also give
        them in ISO 8601 (``start``, ``end``: "" for present, or ``dates``), none if broken."""
        opts = self.options
        if "date" in opts and ("start" in opts or "end" in opts):
            self._warn("give either :date: or :start: and :end:, not both", "dates")
            return [], {}
        if "date" in opts:
            dates: list[Node] = []
            parsed = self._parse("date", parse_dates) or []
            for i, date in enumerate(parsed):
                if i:
                    dates.append(nodes.Text(", "))
                dates.append(_date_node(date))
            return dates, {"dates": [date.iso() for date in parsed]}
        if ("start" in opts) != ("end" in opts):
            self._warn(
                "a date range needs both :start: and :end: (use :end: present for an ongoing "
                "one, or :date: for a single date)",
                "dates",
            )
            return [], {}
        if "start" not in opts:
            return [], {}
        start = self._parse("start", parse_date)
        end_is_present = (opts["end"] or "").strip().lower() == "present"
        end = None if end_is_present else self._parse("end", parse_end, " (or 'present')")
        if start is None or (end is None and not end_is_present):
            return [], {}
        if end is not None and end.sort_key < start.sort_key:
            self._warn(f":end: {end} is before :start: {start}; swap them", "dates")
            return [], {}
        end_node = _date_node(end) if end else nodes.inline("present", "present")
        iso = {"start": start.iso(), "end": end.iso() if end else ""}
        return [_date_node(start), nodes.Text(f" {RANGE_DASH} "), end_node], iso

    def _defuse(self, tree: nodes.Node) -> None:
        """Show raw HTML or LaTeX in the body as text, math as text (:meth:`_math_as_text`),
        and unlink unsafe links, with a warning.

        An entry's body is the CV's content: it must never put a ``<script>`` on a page, LaTeX
        commands into the PDF, or a ``javascript:`` link in front of a visitor.
        """
        for math in list(tree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))):
            self._math_as_text(math)
        warned: set[int] = set()  # MyST splits inline HTML into one raw node per tag
        for raw in list(tree.findall(nodes.raw)):
            if id(raw.parent) not in warned:
                warned.add(id(raw.parent))
                self._warn(
                    f"raw {raw.get('format', '')} is shown as text, not run; write Markdown "
                    "instead",
                    "markup",
                    raw,
                )
            text = raw.astext()
            if isinstance(raw.parent, nodes.TextElement):
                raw.replace_self(nodes.Text(text))
            else:
                raw.replace_self(nodes.literal_block(text, text, language="text"))
        for ref in list(tree.findall(nodes.reference)):
            scheme = urlsplit(ref.get("refuri", "")).scheme.lower()
            if scheme and scheme not in SAFE_SCHEMES:
                self._warn(
                    f"a {scheme}: link is not allowed, only http(s), mailto or relative ones; "
                    "it is shown as text",
                    "markup",
                    ref,
                )
                ref.replace_self(nodes.inline(ref.astext(), ref.astext()))
        for image in list(tree.findall(nodes.image)):
            scheme = urlsplit(image.get("uri", "")).scheme.lower()
            if scheme and scheme not in SAFE_SCHEMES:
                self._warn(f"an image from a {scheme}: address is left out", "markup", image)
                image.parent.remove(image)

    def _math_as_text(self, math: nodes.Element) -> None:
        """Replace *math* by its text, as a .bib's math is shown (:mod:`cv.bib.decode`):
        letters in italics, ``x^2`` as x², ``\\alpha`` as the Greek letter, in HTML and PDF
        alike. No LaTeX of a page reaches the PDF; a command that is no math (``\\input``) is
        shown as text, with a warning."""
        decoded = decode(f"${math.astext()}$")
        for problem in decoded.problems:
            self._warn(f"math: {problem.message}", "markup", math)
        parts = decoded.text.render(CvBackend())
        if isinstance(math, nodes.math_block):
            text: nodes.Element = nodes.paragraph("", "", *parts, classes=["cv-math"])
        else:
            text = nodes.inline("", "", *parts, classes=["cv-math"])
        text.source, text.line = math.source, math.line
        math.replace_self(text)


def _date_node(date: CvDate) -> cv_date:
    text = str(date)
    return cv_date(text, text, datetime=date.iso())


# -- Visitors ----------------------------------------------------------------------------------


def html_visit_cv_entry(self: HTML5Translator, node: cv_entry) -> None:
    self.body.append(self.starttag(node, "div"))


def html_depart_cv_entry(self: HTML5Translator, node: cv_entry) -> None:
    self.body.append("</div>\n")


def html_visit_cv_date(self: HTML5Translator, node: cv_date) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def html_depart_cv_date(self: HTML5Translator, node: cv_date) -> None:
    self.body.append("</time>")


# LaTeX: the environment and macros are defined once, in cv.sty (see latex.py); the visitors
# only open and close them, and docutils' own visitors escape every character of the text.


def latex_visit_cv_entry(self: LaTeXTranslator, node: cv_entry) -> None:
    self.body.append("\n\\begin{cvEntry}")
    self.body.append(self.hypertarget_to(node))


def latex_depart_cv_entry(self: LaTeXTranslator, node: cv_entry) -> None:
    self.body.append("\\end{cvEntry}\n")


def latex_visit_cv_entry_head(self: LaTeXTranslator, node: cv_entry_head) -> None:
    self.body.append("\n\\cvEntryHead")


def latex_depart_cv_entry_head(self: LaTeXTranslator, node: cv_entry_head) -> None:
    # \cvEntryHead always takes two arguments; an undated entry gets an empty second one.
    dated = any(isinstance(child, cv_entry_when) for child in node.children)
    self.body.append("\n" if dated else "{}\n")


def latex_visit_argument(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("{")


def latex_depart_argument(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("}")


def latex_visit_cv_entry_people(self: LaTeXTranslator, node: cv_entry_people) -> None:
    self.body.append("\n\\cvEntryPeople{")


def latex_depart_cv_entry_people(self: LaTeXTranslator, node: cv_entry_people) -> None:
    self.body.append("}\n")


def text_visit_cv_entry_head(self: TextTranslator, node: cv_entry_head) -> None:
    self.new_state(0)


def text_depart_cv_entry_head(self: TextTranslator, node: cv_entry_head) -> None:
    self.end_state()


def text_visit_cv_entry_when(self: TextTranslator, node: cv_entry_when) -> None:
    self.add_text(f" {RANGE_DASH} ")


def text_pass(self: TextTranslator, node: nodes.Element) -> None:
    """The text builder needs no markup around the parts of a head line."""

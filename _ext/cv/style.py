"""The pybtex style of the publication list, and the backend that renders it into docutils.

A paper reads ``Authors. Title. Full venue name (SHORT YEAR), Month Year.``: the CV owner's name
in bold, equal-contribution authors marked ``*``, the title exactly as written in the .bib (the
stock styles sentence-case it: "Chakra: advancing performance ..."). Each part is a pybtex tag
named ``cv-pub-*`` that :class:`CvBackend` turns into an inline node with that class, so the HTML
and the LaTeX writers can style the parts without knowing about BibTeX.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import TYPE_CHECKING, Any

import latexcodec  # noqa: F401  (registers the ulatex codec)
import pybtex.plugin
import pybtex_docutils
from docutils import nodes
from pybtex.database import Person
from pybtex.markup import LaTeXParser
from pybtex.richtext import Symbol, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import FieldIsMissing, join, node, optional, sentence, tag, words

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0"

#: The style's name for pybtex, e.g. in ``{bibliography}`` with ``:style: cv-publications``.
STYLE_NAME = "cv-publications"

#: Fields that name the venue, in the order they are looked up.
VENUE_FIELDS = ("booktitle", "journal", "howpublished", "school", "institution", "publisher")

# -- Literal characters ------------------------------------------------------------------------
# pybtex reads fields through latexcodec, which keeps \$ \{ \} \textless ... as commands, and
# reads an unescaped % as a comment that swallows the rest of the field. Every such character is
# swapped for a private-use code point before pybtex reads the field and swapped back when the
# backend emits text, so it is shown literally in every output.
LITERAL_CHARS = "&%$#_{}^~\\<>"
_HIDE = {char: chr(0xE000 + i) for i, char in enumerate(LITERAL_CHARS)}
_SHOW = str.maketrans({hidden: char for char, hidden in _HIDE.items()})

#: LaTeX escapes of a literal character, and the character they stand for.
ESCAPES = {
    **{f"\\{char}": char for char in "&%$#_{}"},
    **{f"\\{char}{{}}": char for char in "^~"},
    **{
        f"\\text{name}": char
        for name, char in (
            ("less", "<"),
            ("greater", ">"),
            ("asciicircum", "^"),
            ("asciitilde", "~"),
            ("backslash", "\\"),
        )
    },
}
ESCAPE_RE = re.compile(
    "|".join(
        re.escape(escape) + (r"(?:\{\}|(?![A-Za-z]) ?)" if escape[-1].isalpha() else "")
        for escape in sorted(ESCAPES, key=len, reverse=True)
    )
)
#: LaTeX specials written without their backslash; pybtex would drop or misread them.
UNESCAPED_RE = re.compile(r"(?<!\\)[%&$#_^]")


def protect(value: str) -> str:
    """*value* with every literal special character hidden from pybtex's LaTeX reader."""

    def hide(match: re.Match[str]) -> str:
        text = match.group()
        return _HIDE[ESCAPES.get(text) or ESCAPES[text.removesuffix("{}").rstrip(" ")]]

    return ESCAPE_RE.sub(hide, UNESCAPED_RE.sub(lambda m: _HIDE[m.group()], value))


def unprotect(text: str) -> str:
    """Undo :func:`protect` in text that pybtex has formatted."""
    return text.translate(_SHOW)


#: What makes a field LaTeX rather than plain text (commands, groups, ties, specials, dashes,
#: quotes): a field without any is plain text and skips pybtex's slow LaTeX reader.
LATEX_RE = re.compile(r"[\\{}~%&$#_^]|--|''|``")


@functools.cache
def _decode(latex: str) -> str:
    """latexcodec's decoding, the slowest step of formatting: names and venues repeat across
    entries, and each field is read more than once (checks, style, title), so cache it."""
    return codecs.decode(latex, "ulatex")


def latex_text(value: str) -> Text:
    """A field's LaTeX as rich text, with literal characters kept literal.

    ``Text.from_latex`` split in its two steps, to cache the decoding (:func:`_decode`).
    """
    if not LATEX_RE.search(value):
        return Text(value)
    return LaTeXParser(_decode(protect(value))).parse()


def plain_text(value: str) -> str:
    """A field as the pages show it, as plain text: braces gone, ``\\&`` as ``&``.

    For labels, badges and metadata, which must read exactly like the formatted entry.
    """
    return unprotect(str(latex_text(value)))


# -- Owner and equal contribution ---------------------------------------------------------------


def _name_parts(person: Person) -> tuple[str, list[str]]:
    last = " ".join(person.prelast_names + person.last_names).lower()
    given = [name.lower() for name in person.first_names + person.middle_names]
    return last, given


def is_owner(person: Person, owners: Iterable[Person]) -> bool:
    """Whether *person* is one of the owner's name variants; "T. Heo" matches "Heo, Taekyung"."""
    last, given = _name_parts(person)
    for owner in owners:
        owner_last, owner_given = _name_parts(owner)
        if owner_last != last or len(owner_given) != len(given):
            continue
        if all(
            a == b or (a.rstrip(".") == b[:1] and a.endswith(".")) or (b.rstrip(".") == a[:1])
            for a, b in zip(owner_given, given, strict=True)
        ):
            return True
    return False


EQUAL_RE = re.compile(r"\s*\d+\s*(,\s*\d+\s*)*")


def equal_positions(entry: Entry) -> set[int]:
    """1-based positions of the equal-contribution authors (the ``equal`` field); checked later."""
    value = entry.fields.get("equal", "")
    if not EQUAL_RE.fullmatch(value):
        return set()
    return {int(position) for position in value.split(",")}


# -- Templates ---------------------------------------------------------------------------------


@node
def text_field(
    children: list[Any], context: dict[str, Any], name: str, apply_func: Any = None
) -> Text:
    """A field as rich text, literal characters kept (pybtex's ``field`` would drop some)."""
    entry = context["entry"]
    if name not in entry.fields:
        raise FieldIsMissing(name, entry)
    text = latex_text(entry.fields[name])
    return apply_func(text) if apply_func else text


@node
def authors(children: list[Any], context: dict[str, Any]) -> Text:
    """The author list: the owner in bold, equal contributors marked with ``*``."""
    entry = context["entry"]
    style: Style = context["style"]
    if not entry.persons.get("author"):
        raise FieldIsMissing("author", entry)
    equal = equal_positions(entry)
    names = []
    for position, person in enumerate(entry.persons["author"], 1):
        name = style.format_name(person, style.abbreviate_names).format_data(context)
        if is_owner(person, style.owners):
            name = Tag("strong", name)
        if position in equal:
            name = Text(name, Tag("cv-pub-equal", "*"))
        names.append(name)
    return join(sep=", ", sep2=" and ", last_sep=", and ")[names].format_data(context)


@node
def venue(children: list[Any], context: dict[str, Any]) -> Text:
    """``Full name (SHORT YEAR)``, or ``SHORT YEAR`` when the full name is the short one."""
    entry = context["entry"]
    full = next((entry.fields[name] for name in VENUE_FIELDS if name in entry.fields), None)
    short = entry.fields.get("shortvenue")
    if short is None:
        if full is None:
            raise FieldIsMissing("booktitle", entry)
        return latex_text(full)
    short_year = latex_text(" ".join(filter(None, [short, entry.fields.get("year")])))
    if full is None or full == short:
        return short_year
    return Text(latex_text(full), " (", short_year, ")")


def _pages(text: Text) -> Text:
    return Text(Symbol("ndash")).join(text.split(re.compile(r"-+")))


class Style(UnsrtStyle):
    """unsrt's names and labels, with one template for every entry type.

    The owner's name emphasised, equal contributors marked, titles as written, the venue with
    its short name and year, and no links (the publications directive shows them in a row).
    """

    def __init__(self, owners: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.owners = tuple(owners)

    def format_title(self, e: Entry, which_field: str, as_sentence: bool = True) -> Any:
        # Exactly as written: unsrt would sentence-case it.
        title = tag("cv-pub-title")[text_field(which_field)]
        return sentence[title] if as_sentence else title

    def get_template(self, e: Entry) -> Any:
        details = join(sep=", ")[
            optional[words["vol.", text_field("volume")]],
            optional[words["no.", text_field("number")]],
            optional[words["pp.", text_field("pages", apply_func=_pages)]],
        ]
        date = words[optional[text_field("month")], text_field("year")]
        return toplevel[
            optional[sentence[tag("cv-pub-authors")[authors]]],
            optional[self.format_title(e, "title")],
            sentence[
                tag("cv-pub-venue")[optional[venue]],
                optional[details],
                tag("cv-pub-date")[optional[date]],
            ],
        ]

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        return FormattedEntry(entry.key, self.get_template(entry).format_data(context), label)


class CvBackend(pybtex_docutils.Backend):
    """pybtex_docutils' backend; ``cv-*`` tags become inline nodes with that class."""

    def format_str(self, str_: str) -> list[nodes.Node]:
        return [nodes.Text(unprotect(str_))]

    def format_tag(self, tag_name: str, text: list[nodes.Node]) -> list[nodes.Node]:
        if tag_name.startswith("cv-"):
            return [nodes.inline("", "", *text, classes=[tag_name])]
        return super().format_tag(tag_name, text)


def setup(app: Sphinx) -> ExtensionMetadata:
    # force=True: without it pybtex keeps the first class registered under the name, a stale one
    # when this module is imported again (pytest, sphinx-autobuild). The name is ours alone.
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, Style, force=True)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}

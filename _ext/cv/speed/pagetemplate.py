"""Thousands of pages from one template: the theme's page rendered once, then filled in.

Paper pages differ from each other only in a few context entries (title, body, head tags,
name, address). Rendering furo's template costs more than writing a paper's body (about a
millisecond of jinja per page, a sixth of a full build at 5,000 papers), yet it comes out the
same around those entries. So it is rendered once with a marker in each, cut at the markers,
and each page is the pieces joined with its own entries, each in the form the template wrote
its marker in: as is, escaped, or through ``striptags`` (furo's ``<title>``).

A shortcut must prove itself, so a page is filled in only if every other entry of its context
equals that of the page the pieces were cut from (callables aside: Sphinx makes ``pathto`` and
its kin anew for each page, and their results depend only on the page's folder, which all
paper pages share), and only once the first pages filled in came out, byte for byte, as the
template renders them. Otherwise the template renders the page, as Sphinx would.

Sphinx offers no hook between a page's context and its rendering (``html-page-context`` can only
name another template), so :class:`PageTemplates` stands in for the builder's template loader
(its ``templates``) while the paper pages are written (:func:`filled_in`), and passes every other
call through. Switched off by ``cv_speed = {"page_template": False}``.

Their navigation is the same on each too (:func:`share_navigation`, ``shared_nav``).
"""

from __future__ import annotations

import contextlib
import re
import secrets
from typing import TYPE_CHECKING, Any, cast

from markupsafe import escape

from . import on

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.jinja2glue import BuiltinTemplateLoader

#: Context entries that differ from page to page.
SLOTS = ("title", "body", "metatags", "pagename", "current_page_name", "pageurl", "cv_paper")
#: Pages rendered by the template as well as filled in, and compared, for each set of pieces.
CHECKED = 2

#: A page cut at its markers: the text before each marker, with the slot and form it stands
#: for, and the text after the last.
Pieces = tuple[list[tuple[str, str, "Callable[[str], str]"]], str]


class PageTemplates:
    """The builder's template loader, but a page whose context has ``marker`` is filled in.

    *shared*: context entries that are the same object on every page but change as pages are
    written (a cache the pages share), and so do not tell two pages apart.
    """

    def __init__(
        self, templates: BuiltinTemplateLoader, marker: str, shared: tuple[str, ...] = ()
    ) -> None:
        self.templates = templates
        self.marker = marker
        self.shared = shared
        striptags = templates.environment.filters["striptags"]
        #: The forms a template may write a text entry in.
        self.forms: tuple[Callable[[str], str], ...] = (
            str,
            lambda value: str(escape(value)),
            lambda value: str(striptags(value)),
            lambda value: str(escape(striptags(value))),
        )
        #: For each template and rest of the context: the pieces (None: they do not work), and
        #: how many more pages to check against the template. Contexts hold lists and dicts,
        #: so this is a list, searched (it has one item for the paper pages).
        self.made: list[tuple[str, dict[str, Any], Pieces | None, int]] = []
        self.filled = 0  #: pages filled in (not rendered by the template)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.templates, name)

    def render(self, template: str, context: dict[str, Any]) -> str:
        if self.marker not in context:
            return self.templates.render(template, context)
        rest = self.rest(context)
        for index, (name, other, pieces, unchecked) in enumerate(self.made):  # noqa: B007
            if name == template and other == rest:
                break
        else:
            index, pieces, unchecked = len(self.made), self.cut(template, context), CHECKED
            self.made.append((template, rest, pieces, unchecked))
        if pieces is None:
            return self.templates.render(template, context)
        parts, tail = pieces
        page = "".join(part for text, slot, form in parts for part in (text, form(context[slot])))
        page += tail
        if unchecked:
            rendered = self.templates.render(template, context)
            works = pieces if page == rendered else None
            self.made[index] = (template, rest, works, unchecked - 1)
            return rendered
        self.filled += 1
        return page

    def rest(self, context: dict[str, Any]) -> dict[str, Any]:
        """What must be the same for two pages to be filled in from the same pieces: all but the
        slots' text, and whether there is any (a template may leave out what is empty).

        Lists and dicts are copied: some (Sphinx's list of stylesheets) are one object, changed
        in place from page to page.
        """
        return {
            name: (str, bool(value)) if name in SLOTS and isinstance(value, str)
            else list(value) if isinstance(value, list)
            else dict(value) if isinstance(value, dict)
            else value
            for name, value in context.items()
            if not callable(value) and name not in self.shared
        }  # fmt: skip

    def cut(self, template: str, context: dict[str, Any]) -> Pieces | None:
        """The template rendered with a marker in each text slot, cut at the markers; None if a
        marker came out in a form not known here (the template did more than write it)."""
        token = secrets.token_hex(8)
        # The quotes and the double space tell the forms apart: escaping changes the one,
        # striptags the other.
        markers = {
            slot: f"cv{token}slot{index} &quot;q&quot;  x"
            for index, slot in enumerate(SLOTS)
            if isinstance(context.get(slot), str) and context[slot]  # "" may be left out
        }
        found = {
            form(marker): (slot, form) for slot, marker in markers.items() for form in self.forms
        }
        page = self.templates.render(template, {**context, **markers})
        parts = []
        start = 0
        for match in re.finditer("|".join(map(re.escape, found)), page):
            parts.append((page[start : match.start()], *found[match[0]]))
            start = match.end()
        if any(f"cv{token}slot" in text for text, _, _ in parts) or f"cv{token}" in page[start:]:
            return None
        return parts, page[start:]


@contextlib.contextmanager
def filled_in(app: Sphinx, marker: str, shared: tuple[str, ...] = ()) -> Iterator[None]:
    """For the duration, pages whose context has *marker* are filled in (:class:`PageTemplates`)."""
    if not on(app.config, "page_template"):
        yield
        return
    builder = cast("StandaloneHTMLBuilder", app.builder)
    templates = builder.templates
    builder.templates = PageTemplates(templates, marker, shared)  # type: ignore[assignment]
    try:
        yield
    finally:
        builder.templates = templates


def share_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``, before furo reads it: a paper page's navigation, rendered once
    for all of them.

    No paper page is in the toctree and all sit in one folder, so the navigation (with its
    relative links) is the same on each, and rendering it was a good part of writing a page.
    The page's own ``toctree()`` is called once per set of arguments and its result kept in
    the dict the pages share (``cv_shared``).
    """
    if "cv_paper" not in context or not on(app.config, "shared_nav"):
        return
    cache = context["cv_shared"]
    toctree = context["toctree"]

    def shared(**kwargs: Any) -> str:
        key = repr(sorted(kwargs.items()))
        if key not in cache:
            cache[key] = toctree(**kwargs)
        return cache[key]

    context["toctree"] = shared

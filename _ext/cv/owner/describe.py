"""A meta description for every page that gives none, made from what the page shows.

Search engines and link previews show it. A page's own (MyST's ``html_meta`` front matter)
wins. The landing page: "Name, role: the profile's first sentence". A section page: "Title of
Name: " and its entries' titles and organisations, or its papers' kinds, or its first
lines. Never more than 160 characters, cut at a word.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..entries.directive import cv_entry
from ..publications.directive import ancestors
from ..publications.nodes import publication
from ..publications.store import records, store
from .header import current_roles, cv_contact, cv_current_role

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LIMIT = 160


def shorten(text: str, limit: int = LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\N{HORIZONTAL ELLIPSIS}"


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]


def prose(doctree: nodes.document) -> list[str]:
    """The page's paragraphs of text: not the header lines, an entry, a paper or a link."""
    found = []
    for paragraph in doctree.findall(nodes.paragraph):
        if paragraph["classes"] or isinstance(paragraph, (cv_current_role, cv_contact)):
            continue
        if any(
            isinstance(a, (cv_entry, publication, nodes.list_item)) for a in ancestors(paragraph)
        ):
            continue
        if text := paragraph.astext().strip():
            found.append(text)
    return found


def description(app: Sphinx, pagename: str, doctree: nodes.document, title: str) -> str:
    config, env = app.config, app.env
    name = config.author
    if pagename == config.root_doc:
        roles = [" at ".join(filter(None, role)) for role in current_roles(env)]
        text = prose(doctree)
        head = ", ".join([name, *roles[:1]])
        return shorten(f"{head}: {first_sentence(text[0])}" if text else f"{head}: CV")
    entries = list(doctree.findall(cv_entry))
    if entries:
        heads = (", ".join(filter(None, [entry["title"], entry.get("org")])) for entry in entries)
        return shorten(f"{title} of {name}: {'; '.join(dict.fromkeys(heads))}.")
    keys = store(env).listed.get(pagename, set())
    if keys:
        papers = records(env)
        kinds = dict.fromkeys(papers[key].kind for key in papers if key in keys)
        headings = [config.cv_kinds.get(kind, kind) for kind in config.cv_kinds if kind in kinds]
        count = f"{len(keys)} paper{'s' if len(keys) > 1 else ''}"
        return shorten(f"{title} of {name}: {count}; {', '.join(headings)}.")
    lines = [item.astext() for item in doctree.findall(nodes.list_item)] or prose(doctree)
    if not lines:
        return f"{title} of {name}, a section of the CV."
    return shorten(f"{title} of {name}: {'; '.join(' '.join(line.split()) for line in lines)}")


def describe_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: add the description a page lacks; Open Graph takes it too."""
    if doctree is None or any(
        meta.get("name") == "description" for meta in doctree.findall(nodes.meta)
    ):
        return
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else ""
    text = description(app, pagename, doctree, title)
    tag = f'<meta name="description" content="{escape(text)}">'
    context["metatags"] = f"{context.get('metatags', '')}\n{tag}"
    if context.get("meta") is not None:
        context["meta"] = {**context["meta"], "og:description": text}

"""The header lines under the name: the current role and the contact links.

``:::{cv-current-role}`` shows every position that runs to ``present`` (the pages that fill
JSON Resume's ``work``, ``cv_jsonresume_sections``), as "Title, Organisation"; a new position
changes it, with nothing else to edit. ``:::{cv-contact}`` shows ``cv_contact``'s links. Each
shows nothing when there is nothing to show. Both are filled in when their page is written, so
they read every page's entries, and the page is read again when a position's page changes.

An e-mail address is never written to the HTML as a ``mailto:`` link or as one run of text:
a hidden decoy sits between its two halves (``hidden``: no browser shows, copies or reads it
aloud, with or without CSS and JavaScript), so what a visitor sees and copies is the address,
and what a harvester reads in the page source is none. ``cv-contact.js`` makes it a mailto: link
for visitors with JavaScript. The PDF links it as any other address.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..web.jsonresume import resume_pages
from .contact import parse_contact

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

#: What a harvester that drops tags reads between the address's halves: a space before the
#: "@" leaves no address to take.
DECOY = " (hidden) "


class cv_current_role(nodes.paragraph):
    """Where the current role goes; filled in when the page is written."""


class cv_contact(nodes.paragraph):
    """Where the contact links go; filled in when the page is written."""


class cv_email(nodes.reference):
    """An e-mail address: a mailto: link in the PDF, an address with a decoy in HTML."""


# -- What they show ------------------------------------------------------------------------------


def work_pages(config: Config) -> list[str]:
    return [page for page, part in config.cv_jsonresume_sections.items() if part == "work"]


def current_roles(env: BuildEnvironment) -> list[tuple[str, str]]:
    """(title, organisation) of every position that runs to ``present``, in page order."""
    pages = resume_pages(env)
    return [
        (entry["title"], entry["org"])
        for page in work_pages(env.config)
        for entry in pages.get(page, [])
        if entry["start"] and not entry["end"]
    ]


def role_text(env: BuildEnvironment) -> str:
    """The current role as the header shows it: "Title, Organisation; Title, Organisation"."""
    return "; ".join(", ".join(filter(None, role)) for role in current_roles(env))


def contact_nodes(config: Config) -> list[Node]:
    found: list[Node] = []
    for i, link in enumerate(parse_contact(config.cv_contact)):
        if i:
            found.append(nodes.Text(" \N{MIDDLE DOT} "))
        kind = cv_email if link.kind == "email" else nodes.reference
        found.append(
            kind(
                link.text, link.text, refuri=link.url, classes=[f"cv-contact-{link.kind or 'link'}"]
            )
        )
    return found


# -- Directives and the transform that fills them ---------------------------------------------


class CvCurrentRole(SphinxDirective):
    """``:::{cv-current-role}``: the positions that run to ``present``, in bold."""

    def run(self) -> list[Node]:
        node = cv_current_role("", classes=["cv-current-role"])
        self.set_source_info(node)
        cast("OwnerDomain", self.env.get_domain("cvowner")).role_docs.add(self.env.docname)
        return [node]


class CvContact(SphinxDirective):
    """``:::{cv-contact}``: the links of ``cv_contact``."""

    def run(self) -> list[Node]:
        node = cv_contact("", classes=["cv-contact"])
        self.set_source_info(node)
        return [node]


class FillHeader(SphinxPostTransform):
    """Fill the role and the contact links in, or leave them out when there are none."""

    default_priority = 5  # before LaTeX chooses an engine by the text, and before the writers

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(cv_current_role)):
            if text := role_text(self.env):
                node += nodes.strong(text, text)
            else:
                node.parent.remove(node)
        for node in list(self.document.findall(cv_contact)):
            if found := contact_nodes(self.config):
                node.extend(found)
            else:
                node.parent.remove(node)


class OwnerDomain(Domain):
    """Which pages show the current role, to read them again when a position changes."""

    name = "cvowner"
    label = "CV owner"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {"role_docs": set()}

    @property
    def role_docs(self) -> set[str]:
        return self.data["role_docs"]

    def clear_doc(self, docname: str) -> None:
        self.role_docs.discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.role_docs.update(docnames & otherdata["role_docs"])

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []


def outdated_role_pages(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: a position's page changed, so the pages showing the role too."""
    if set(work_pages(app.config)) & (added | changed | removed):
        return sorted(cast("OwnerDomain", env.get_domain("cvowner")).role_docs)
    return []


# -- HTML ----------------------------------------------------------------------------------------


def html_visit_cv_email(self: HTML5Translator, node: cv_email) -> None:
    user, _, domain = node.astext().partition("@")
    self.body.append(
        f'<span class="cv-email">{escape(user)}<span class="cv-email-decoy" hidden>{DECOY}</span>'
        f"&#64;{escape(domain)}</span>"
    )
    raise nodes.SkipNode


def html_depart_none(self: HTML5Translator, node: nodes.Element) -> None:
    """Never called: the visitor writes the whole node."""


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The script that makes e-mail addresses links, on pages that show one."""
    if doctree is not None and any(doctree.findall(cv_contact)) and app.config.cv_contact:
        app.builder.add_js_file("cv-contact.js", defer="defer")  # type: ignore[attr-defined]

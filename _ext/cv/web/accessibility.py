"""HTML pages as visitors and their tools see them: fixes to markup that Sphinx generates.

Accessibility checkers (axe-core, Lighthouse) flag an ARIA attribute that Sphinx's HTML writer
emits, and Sphinx's own search page has no source file in which to give a meta description.
Overriding the writer's visitor would mean copying it whole and would clash with any other
translator a theme or extension sets, so the exact tag is rewritten in the rendered page instead;
a browser test (axe) fails should the writer change it.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: Exact tags the writer emits, and what they become.
ARIA_FIXES = {
    # Sphinx's toctree caption: role "heading" requires aria-level (ARIA 1.2).  Captions sit
    # under the page's h1 in the outline, so level 2.
    '<p class="caption" role="heading">': '<p class="caption" role="heading" aria-level="2">',
}

#: Context entries holding rendered HTML: the page body, and furo's navigation sidebar.
HTML_CONTEXT = ("body", "furo_navigation_tree")


def fix_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Rewrite the flagged tags; describe Sphinx's search page, which has no source."""
    for key in HTML_CONTEXT:
        if isinstance(html := context.get(key), str):
            for old, new in ARIA_FIXES.items():
                html = html.replace(old, new)
            context[key] = html
    if pagename == "search":
        description = escape(f"Search the pages of {app.config.project}'s CV and its papers.")
        # (Sphinx already marks the page noindex for search engines.)
        context["metatags"] = (
            context.get("metatags", "") + f'\n<meta name="description" content="{description}">'
        )

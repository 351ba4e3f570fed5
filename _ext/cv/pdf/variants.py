"""Variants: a one-page résumé (or any shorter PDF) from the same sources as the full CV.

A variant is declared in ``conf.py`` (``cv_variants``): its file name, its sections in order, the
tags that pick its entries and its page budget.  What it shows is marked in the sources, next to
the content: ``:tags: resume`` on a ``cv-entry``; papers come from a ``{publications}`` list such
as the landing page's ``:selected:`` one (the ``selected`` field of the .bib).  Sphinx tags choose
the variant a build makes, ``sphinx-build -b latex -t resume``: the LaTeX builder then writes that
variant's document in place of the full CV (Read the Docs compiles every ``.tex`` file of its
LaTeX folder under one name, so one build makes one PDF).

The variant is cut from the full CV's assembled doctree at write time (:mod:`cv.pdf.variantcut`),
so the HTML site, the full CV and every variant share one environment: switching variants reads
nothing again. Here: what a variant is, checked, which one a build makes, the tags where they are
written, and the list of tagged entries a variant over its page budget leaves for .ci/pdf.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.texescape import escape

from ..bib.fields import suggest
from ..entries.directive import TAG, cv_entry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


logger = logging.getLogger(__name__)

#: The keys of a variant in ``cv_variants``, and what each must be.
KEYS = {
    "filename": "the PDF's file name without .pdf, e.g. 'JaneDoe_Resume'",
    "sections": "the sections in order: page names such as 'sections/experience', or "
    "'page#section-id' for one section of a page",
    "tags": "the tags of the entries it shows (default: its own name)",
    "pages": "its page budget, a positive whole number (default: no budget)",
    "years": "only papers of the last N years, this one counted, a positive whole number "
    "(default: every paper its sections list)",
    "subject": "the PDF's subject (default: 'Résumé')",
    "url": "where the PDF is published, for {cv-pdf-link} (default: on Read the Docs, in the "
    "site's root, as .readthedocs.yaml puts it; elsewhere none)",
}


@dataclass(frozen=True)
class Variant:
    """One variant, checked."""

    name: str
    filename: str
    sections: tuple[str, ...]
    tags: frozenset[str]
    pages: int | None
    subject: str
    url: str | None
    years: int | None = None


def parse_variant(name: object, spec: object) -> Variant:
    """Check one ``cv_variants`` entry; a ConfigError says what to fix."""

    def fail(problem: str) -> ConfigError:
        return ConfigError(f"cv_variants[{name!r}]: {problem}")

    if not isinstance(name, str) or not TAG.fullmatch(name):
        msg = f"cv_variants: {name!r} is not a name; use letters, digits, '_' or '-'"
        raise ConfigError(msg)
    if not isinstance(spec, dict):
        raise fail(f"give a dict with the keys {', '.join(KEYS)}")
    for key in spec:
        if key not in KEYS:
            raise fail(f"unknown key {key!r}; {suggest(str(key), list(KEYS), 'see docs/pdf.md')}")
    filename = spec.get("filename")
    if isinstance(filename, str):
        filename = filename.strip().removesuffix(".pdf")
    if not isinstance(filename, str) or not filename or "/" in filename or "\\" in filename:
        raise fail(f"'filename' must be {KEYS['filename']}")
    sections = spec.get("sections")
    if (
        not isinstance(sections, list | tuple)
        or not sections
        or not all(isinstance(section, str) and section.strip() for section in sections)
    ):
        raise fail(f"'sections' must be a list of {KEYS['sections']}")
    tags = spec.get("tags", [name])
    if (
        not isinstance(tags, list | tuple)
        or not tags
        or not all(isinstance(tag, str) and TAG.fullmatch(tag) for tag in tags)
    ):
        raise fail(f"'tags' must be a list of names: {KEYS['tags']}")
    pages, years = spec.get("pages"), spec.get("years")
    for key, number in (("pages", pages), ("years", years)):
        if number is not None and (
            not isinstance(number, int) or isinstance(number, bool) or number < 1
        ):
            raise fail(f"'{key}' must be {KEYS[key]}")
    subject = spec.get("subject", "Résumé")
    if not isinstance(subject, str):
        raise fail("'subject' must be a string")
    url = spec.get("url")  # None: Read the Docs' address, if built there
    if url is not None and (
        not isinstance(url, str) or (url and urlsplit(url).scheme not in ("http", "https"))
    ):
        raise fail("'url' must be an http:// or https:// address, or '' for no link")
    return Variant(
        name,
        filename,
        tuple(section.strip() for section in sections),
        frozenset(tags),
        pages,
        subject,
        url,
        years,
    )


def variants(config: Config) -> dict[str, Variant]:
    """Every variant of ``cv_variants``, checked, by name."""
    return {name: parse_variant(name, spec) for name, spec in config.cv_variants.items()}


def choose_variant(app: Sphinx, config: Config) -> None:
    """Check ``cv_variants``; with a variant's tag set, make its document the one LaTeX writes."""
    if not isinstance(config.cv_variants, dict):
        msg = "cv_variants must be a dict: {name: {'filename': ..., 'sections': [...]}}"
        raise ConfigError(msg)
    declared = variants(config)
    chosen = [variant for name, variant in declared.items() if app.tags.has(name)]
    if len(chosen) > 1:
        msg = f"one variant per build: the tags {', '.join(v.name for v in chosen)} are all set"
        raise ConfigError(msg)
    config.cv_variant = chosen[0].name if chosen else ""
    if not chosen:
        return
    variant = chosen[0]
    # The full CV's own entry (title, author, theme) with the variant's file name.
    full = [entry for entry in config.latex_documents if entry[0] == config.root_doc]
    if not full:
        msg = f"cv_variants: latex_documents has no entry for the root document {config.root_doc!r}"
        raise ConfigError(msg)
    title, author, theme = full[0][2:5]
    config.latex_documents = [(config.root_doc, f"{variant.filename}.tex", title, author, theme)]
    # The variant's settings for cv.sty, after it is loaded: the preamble comes after packages.
    setup = [rf"\cvSetSubject{{{escape(variant.subject, config.latex_engine)}}}"]
    if variant.pages:
        setup.append(rf"\cvPageBudget[{variant.name}]{{{variant.pages}}}")
    elements = dict(config.latex_elements)
    elements["preamble"] = "\n".join([elements.get("preamble", ""), *setup]).lstrip("\n")
    config.latex_elements = elements


def active_variant(config: Config) -> Variant | None:
    """The variant this build makes, or None for the full CV."""
    return variants(config).get(config.cv_variant) if config.cv_variant else None


# -- Checking the tags where they are written ------------------------------------------------


def check_tags(app: Sphinx, doctree: nodes.document) -> None:
    """Warn, at the entry, about a tag that no variant uses: it would pick nothing, silently."""
    used = {tag for variant in variants(app.config).values() for tag in variant.tags}
    for entry in doctree.findall(cv_entry):
        for tag in entry.get("tags", ()):
            if tag not in used:
                hint = suggest(tag, sorted(used), "declare a variant with it in cv_variants")
                logger.warning(
                    "cv-entry: no variant in cv_variants uses the tag %r; %s",
                    tag,
                    hint,
                    location=entry,
                    type="cv",
                    subtype="tags",
                )


# -- What to untag when a variant is over its budget -----------------------------------------

#: Beside a variant's .tex: its budget and tagged entries, oldest first, for .ci/pdf.py to
#: name when the PDF is over its budget.
TAGGED = "cv-tagged-entries.json"


def tagged_entries(app: Sphinx, variant: Variant) -> list[dict[str, str]]:
    """The entries the variant shows (its sections', with one of its tags), oldest first: by
    end (``present`` last), then start."""
    found: list[tuple[tuple[str, str], dict[str, str]]] = []
    for spec in variant.sections:
        docname, _, anchor = spec.partition("#")
        if docname not in app.env.all_docs:
            continue
        tree: nodes.Node = app.env.get_doctree(docname)
        if anchor:
            tree = next((s for s in tree.findall(nodes.section) if anchor in s["ids"]), None)
        for entry in tree.findall(cv_entry) if tree is not None else ():
            if not variant.tags & set(entry.get("tags", ())):
                continue
            dates, start, end = entry.get("dates") or [], entry.get("start"), entry.get("end")
            when = f"{start} \N{EN DASH} {end or 'present'}" if start else ", ".join(dates)
            last = (end or "9999") if start else (dates[-1] if dates else "")
            first = start or (dates[0] if dates else "")
            found.append(((last, first), {
                "title": entry["title"],
                "org": entry.get("org", ""),
                "when": when,
                "where": f"{app.env.doc2path(docname, False)}:{entry.line or 0}",
            }))  # fmt: skip
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


def write_tagged_entries(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a variant with a page budget leaves :data:`TAGGED` beside its .tex."""
    variant = active_variant(app.config)
    if exception is not None or app.builder.format != "latex" or not (variant and variant.pages):
        return
    data = {"variant": variant.name, "pages": variant.pages, "tags": sorted(variant.tags)}
    data["entries"] = tagged_entries(app, variant)
    Path(app.outdir, TAGGED).write_text(json.dumps(data, indent=1), encoding="utf-8")

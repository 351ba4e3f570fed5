"""The field model of a .bib entry: which fields are known, published, inherited; kinds; checks.

The second step of the pipeline, after :mod:`cv.bib.bibfile` and free of Sphinx: it knows the
BibTeX and biblatex data models and what the common exporters write (Zotero, Better BibTeX,
DBLP, Google Scholar, ACM DL, IEEE Xplore, JabRef, Mendeley, BibDesk, BibSonomy, Scopus, Web of
Science, al-folio, HAL, MathSciNet, zbMATH, NASA ADS, INSPIRE, Paperpile, EndNote, Beebe's
TUGboat bibliographies), so a field it does not know is truly unknown. Only bibliographic fields are
ever published; bookkeeping (``file``, ``owner``, ``timestamp``, ...) never is.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from pybtex.database import Entry

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

# -- Fields ------------------------------------------------------------------------------------

# fmt: off
#: Bibliographic fields: the data of BibTeX's and biblatex's models (and the identifiers the
#: exporters add). Only these are published in a paper's BibTeX block.
PUBLIC_FIELDS = frozenset({
    # BibTeX
    "address", "author", "booktitle", "chapter", "edition", "editor", "howpublished",
    "institution", "journal", "month", "note", "number", "organization", "pages", "publisher",
    "school", "series", "title", "type", "volume", "year",
    # biblatex data fields
    "addendum", "afterword", "annotator", "bookauthor", "booksubtitle", "booktitleaddon",
    "commentator", "date", "day", "editora", "editorb", "editorc", "editortype", "eid",
    "entrysubtype", "eprint", "eprintclass", "eprinttype", "eventdate", "eventtitle",
    "eventtitleaddon", "foreword", "holder", "introduction", "isan", "isbn", "ismn", "isrn",
    "issn", "issue", "issuesubtitle", "issuetitle", "iswc", "journalsubtitle", "journaltitle",
    "langid", "language", "location", "mainsubtitle", "maintitle", "maintitleaddon",
    "origdate", "origlanguage", "origlocation", "origpublisher", "origtitle", "pagetotal",
    "part", "pubstate", "reprinttitle", "shortjournal", "shortseries", "shorttitle",
    "subtitle", "titleaddon", "translator", "url", "urldate", "venue", "version", "volumes",
    # identifiers and details the exporters write
    "doi", "archiveprefix", "primaryclass", "abstract", "numpages", "articleno", "lccn",
    "mrnumber", "pmid", "pmcid", "arxivid", "zbl", "eissn", "coden",
    # MathSciNet's and zbMATH's full journal name; INSPIRE's report number and collaboration
    "fjournal", "reportnumber", "collaboration",
})
#: Known fields that are bookkeeping, private or someone's display settings: read where useful,
#: never published. ``OPT``/``ALT`` placeholders (Emacs, JabRef) are matched by prefix.
BOOKKEEPING_FIELDS = frozenset({
    # crossref machinery (inherited values are published instead)
    "crossref", "xref", "xdata", "entryset", "related", "relatedtype", "relatedstring",
    "relatedoptions", "ids", "key", "label", "shorthand", "shorthandintro", "sortkey",
    "sortname", "sortshorthand", "sorttitle", "sortyear", "presort", "options", "execute",
    "indexsorttitle", "indextitle", "gender", "langidopts", "nameaddon", "shortauthor",
    "shorteditor", "library", "pagination", "bookpagination", "authortype", "editoratype",
    "editorbtype", "editorctype",
    # reference managers: local files, owners, dates, tags, notes to self
    "file", "pdf", "owner", "timestamp", "groups", "annote", "annotation", "comment", "comments",
    "keywords", "mendeley-groups", "mendeley-tags", "date-added", "date-modified", "local-url",
    "added-at", "interhash", "intrahash", "readstatus", "ranking", "priority", "printed",
    "qualityassured", "relevance", "read", "rating", "citationkey", "creationdate",
    "modificationdate", "copyright", "rights", "biburl", "bibsource", "acmid", "issue_date",
    "publication_stage", "extra", "bibtex_show", "preview", "altmetric", "dimensions",
    "google_scholar_id", "inspirehep_id", "additional_info", "award_name", "abbr", "html",
    "website", "blog", "supp", "arxiv", "ee", "cdrom", "adsnote", "adsurl", "origyear",
    "collaborator",
    # where tox -e abstracts (cv.remote) found an abstract: a service and its record's address
    "abstractsource",
    # Scopus and Web of Science exports
    "affiliation", "affiliations", "art_number", "document_type", "source", "author_keywords",
    "correspondence_address", "correspondence_address1", "abbrev_source_title", "funding_details",
    "funding_text", "funding_text_1", "references", "unique-id", "da", "research-areas",
    "web-of-science-categories", "orcid-numbers", "researcherid-numbers", "times-cited",
    "usage-count-last-180-days", "usage-count-since-2013", "journal-iso", "author-email",
    "funding-acknowledgement", "keywords-plus", "number-of-cited-references",
    "doc-delivery-number", "cited-references", "earlyaccessdate", "oa", "type_doc",
    "publisher_address", "pubmed_id", "article-number", "book-group-author",
    # HAL, MathSciNet, zbMATH, INSPIRE, NASA ADS (and BibDesk's copies of it), Paperpile
    "hal_id", "hal_version", "hal_local_reference", "mrclass", "mrreviewer", "zbmath",
    "slaccitation", "arxivurl", "adscomment", "conference",
    # Nelson Beebe's bibliographies (TUGboat and others): bookkeeping of the maintainer
    "bibdate", "acknowledgement", "remark", "issn-l", "journal-url",
})
#: Our own fields: they steer the rendering and are never published.
MATERIALS = ("pdf", "code", "slides", "video", "poster")
OUR_FIELDS = frozenset({"kind", "shortvenue", "equal", "materials", "award", "selected",
                        *MATERIALS})
# fmt: on
KNOWN_FIELDS = PUBLIC_FIELDS | BOOKKEEPING_FIELDS | OUR_FIELDS
PLACEHOLDER_RE = re.compile(r"(opt|alt)[a-z]+|bdsk-(url|file)-\d+|mendeley-.*|usage-count-.*")

#: Other names of our fields, as al-folio writes them: the value is read under our name.
FIELD_ALIASES = {
    "abbr": "shortvenue",
    "award_name": "award",
    "html": "url",
    "website": "url",
    "arxiv": "eprint",
    "pubmed_id": "pmid",  # Scopus
}
#: Exporters' fields that carry the venue under a name of their own: a paper without the
#: standard field is read, shown and exported as if it had it (Paperpile's ``conference``).
VENUE_ALIASES = {"conference": "booktitle"}
#: A note that is no note: Scopus's citation count ("cited By 12", "Cited by: 4; All Open
#: Access, ..."), which changes every week and says nothing about the paper.
CITED_BY_RE = re.compile(r"\s*cited\s+by\s*:?\s*\d+\b", re.IGNORECASE)


#: LaTeX escaped twice, as DBLP writes math: ``{\textdollar}{\textbackslash}mathrm\{AC\}``.
DOUBLE_ESCAPED_RE = re.compile(r"\{\\textbackslash\}[A-Za-z]|\{\\textdollar\}")
DOUBLE_ESCAPES = {
    "{\\textdollar}": "$",
    "{\\textbackslash}": "\\",
    "\\{": "{",
    "\\}": "}",
    "{\\^{}}": "^",
    "{\\_}": "_",
}
UNDO_RE = re.compile("|".join(re.escape(escape) for escape in DOUBLE_ESCAPES))


def undo_double_escape(value: str) -> str:
    r"""A field's LaTeX as meant when an exporter escaped it twice (DBLP's math), else as is.

    ``{\textbackslash}`` right before a command name never means a literal backslash in a
    title; read so, DBLP's ``$\mathrm{AC}^0$`` would show as "$\mathrm\{AC\}..." text.
    """
    if not DOUBLE_ESCAPED_RE.search(value):
        return value
    return UNDO_RE.sub(lambda match: DOUBLE_ESCAPES[match.group()], value)


def is_known(name: str) -> bool:
    return name in KNOWN_FIELDS or PLACEHOLDER_RE.fullmatch(name) is not None


def is_public(name: str, value: str) -> bool:
    """Whether field *name* (lower case) belongs in the BibTeX that readers copy."""
    if name == "note" and CITED_BY_RE.match(value):
        return False
    return name in PUBLIC_FIELDS and bool(value.strip())


# -- Kinds -------------------------------------------------------------------------------------

#: The default kinds, in the order a publication page lists them, with their headings.
DEFAULT_KINDS: dict[str, str] = {
    "conference": "Conference papers",
    "journal": "Journal articles",
    "workshop": "Workshop papers",
    "preprint": "Preprints",
    "book": "Books",
    "chapter": "Book chapters",
    "thesis": "Theses",
    "report": "Technical reports",
    "patent": "Patents",
    "software": "Software and datasets",
    "talk": "Talks and posters",
    "other": "Other publications",
}

#: Entry types and the kind they are, unless their fields say more (see :func:`infer_kind`).
TYPE_KINDS = {
    **dict.fromkeys(("inproceedings", "conference"), "conference"),
    **dict.fromkeys(("article", "periodical", "suppperiodical"), "journal"),
    **dict.fromkeys(("book", "mvbook", "booklet", "proceedings", "mvproceedings",
                     "collection", "mvcollection", "reference", "mvreference"), "book"),
    **dict.fromkeys(("inbook", "incollection", "bookinbook", "suppbook", "suppcollection",
                     "inreference", "inproceedings-chapter"), "chapter"),
    **dict.fromkeys(("phdthesis", "mastersthesis", "thesis", "bachelorsthesis"), "thesis"),
    **dict.fromkeys(("techreport", "report", "manual", "standard"), "report"),
    "patent": "patent",
    **dict.fromkeys(("software", "dataset", "data", "softwareversion", "softwaremodule",
                     "codefragment"), "software"),
    **dict.fromkeys(("presentation", "talk", "poster", "lecture"), "talk"),
}  # fmt: skip
#: Entry types that are no paper of their own: biblatex entry sets and data containers.
NOT_PAPERS = frozenset({"set", "xdata"})
PREPRINT_RE = re.compile(
    r"\b(arxiv|corr|biorxiv|medrxiv|chemrxiv|ssrn|preprints?|eprint|hal)\b", re.I
)
WORKSHOP_RE = re.compile(r"\bworkshops?\b", re.I)
TALK_RE = re.compile(r"\b(talk|poster|presentation|keynote|invited lecture|slides)\b", re.I)


def infer_kind(entry: Entry) -> str:
    """The default kind of *entry*, from its type and fields, when it has no ``kind`` field."""
    entry_type = entry.type.lower()
    fields = entry.fields
    venue = " ".join(
        fields.get(name, "")
        for name in ("journal", "journaltitle", "booktitle", "howpublished", "publisher")
    )
    has_eprint = any(name in fields for name in ("eprint", "arxiv", "archiveprefix", "eprinttype"))
    if entry_type in ("article", "misc", "online", "unpublished", "electronic", "www") and (
        PREPRINT_RE.search(venue) or (entry_type != "article" and has_eprint)
    ):
        return "preprint"
    if entry_type == "inproceedings" and WORKSHOP_RE.search(venue):
        return "workshop"
    if entry_type in ("misc", "unpublished") and TALK_RE.search(
        f"{fields.get('howpublished', '')} {fields.get('type', '')}"
    ):
        return "talk"
    return TYPE_KINDS.get(entry_type, "other")


def suggest(value: str, choices: Sequence[str], otherwise: str) -> str:
    """The closest of *choices* to a mistyped *value* as a hint, or *otherwise* if none is close.

    Close means difflib's ratio of at least 0.75 (``kynd`` is ``kind``), so ``biburl`` (0.67)
    is not a typo of ``url``, nor ``file`` of ``title``.
    """
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.75)
    return f"did you mean {close[0]!r}?" if close else otherwise


# -- crossref and xdata ------------------------------------------------------------------------

#: Fields a child never inherits: the parent's own identity and addresses (BibTeX would copy
#: a proceedings volume's DOI into each paper; biber's defaults skip ids, keys and sets).
NOT_INHERITED = frozenset({
    "crossref", "xref", "xdata", "ids", "key", "label", "entryset", "sortkey", "shorthand",
    "doi", "url", "eprint", "eprinttype", "archiveprefix", "primaryclass", "eprintclass",
    "biburl", "bibsource", "timestamp", "file", "kind", "selected", "award", "equal",
    "materials", "code", "slides", "video", "poster", "pdf", "isbn",
})  # fmt: skip
#: biber's default renames when a part inherits from its whole (title -> booktitle, ...).
INHERIT_RENAMES = {
    ("proceedings", "inproceedings"): {"title": "booktitle", "subtitle": "booksubtitle",
                                        "titleaddon": "booktitleaddon"},
    ("book", "inbook"): {"title": "booktitle", "subtitle": "booksubtitle",
                         "titleaddon": "booktitleaddon", "author": "bookauthor"},
    ("periodical", "article"): {"title": "journaltitle", "subtitle": "journalsubtitle"},
}  # fmt: skip
INHERIT_RENAMES["book", "incollection"] = INHERIT_RENAMES["book", "inbook"]
INHERIT_RENAMES["collection", "incollection"] = INHERIT_RENAMES["book", "inbook"]
INHERIT_RENAMES["proceedings", "conference"] = INHERIT_RENAMES["proceedings", "inproceedings"]
#: Names a part inherits under their own name as well as renamed: biber gives a chapter the
#: book's author as its ``bookauthor`` and, when it names none of its own, as its ``author``.
ALSO_UNRENAMED = frozenset({"author"})


def inherit(entries: Mapping[str, Entry]) -> tuple[dict[str, Entry], set[str], list[tuple]]:
    """Resolve ``crossref`` and ``xdata`` as BibTeX and biber do: a child gets what it lacks.

    Returns the resolved entries (new objects: the parsed ones stay as written), the keys of
    entries that are only parents (not papers of their own unless they have a ``kind``), and
    problems as ``(key, subtype, message)``.
    """
    resolved: dict[str, Entry] = {}
    parents: set[str] = set()
    problems: list[tuple[str, str, str]] = []
    lookup = {key.lower(): key for key in entries}
    for key, entry in entries.items():
        fields = dict(entry.fields.items())
        persons = {role: list(people) for role, people in entry.persons.items()}
        sources: list[tuple[str, Entry]] = []
        for name in ("xdata", "crossref"):
            for ref in filter(None, (r.strip() for r in entry.fields.get(name, "").split(","))):
                parent = lookup.get(ref.lower())
                if parent is None:
                    problems.append(
                        (
                            key,
                            "crossref",
                            f"{name} = {{{ref}}} names no entry in the .bib; "
                            "nothing is inherited: add that entry or remove the field",
                        )
                    )
                else:
                    parents.add(parent)
                    sources.append((name, entries[parent]))
        for _, parent in sources:
            renames = INHERIT_RENAMES.get((parent.type.lower(), entry.type.lower()), {})
            lower = {name.lower() for name in fields}
            for name, value in parent.fields.items():
                target = renames.get(name.lower(), name.lower())
                if name.lower() not in NOT_INHERITED and target not in lower:
                    fields[target] = value
                    lower.add(target)
            for role, people in parent.persons.items():
                targets = {renames.get(role.lower(), role.lower())}
                if role.lower() in ALSO_UNRENAMED:
                    targets.add(role.lower())
                for target in sorted(targets):
                    if target not in {r.lower() for r in persons}:
                        persons[target] = list(people)
        if sources:
            entry = Entry(entry.type, fields=fields, persons=persons)
            entry.key = key
        resolved[key] = entry
    only_parents = {key for key in parents if "kind" not in entries[key].fields}
    return resolved, only_parents, problems

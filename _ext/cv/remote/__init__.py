"""Keeping the CV current from public records: the commands that touch the network.

Nothing here is part of the Sphinx build, and nothing in the build imports it: a build reads only
what these commands wrote (``publications.bib`` and the citation counts file) and stays offline
and reproducible. The commands (``python -m cv.remote add|sync|abstracts|counts``, run through
tox: ``tox -e add -- 10.1145/...``) are read by :mod:`cv.remote.cli`, each command a module of
its own (:mod:`~cv.remote.add`, :mod:`~cv.remote.sync`, :mod:`~cv.remote.abstracts`,
:mod:`~cv.remote.counts`), all of them given the project's settings (:mod:`~cv.remote.settings`)
and reporting the same way (:mod:`~cv.remote.report`); docs/keeping-current.md says how a site
runs them on a schedule.

- :mod:`~cv.remote.http`: one HTTP client for every service (httpx): base addresses from
  environment variables, the services' rate limits, retries with backoff, time-outs, and one
  clear line for each failure;
- one module per service, each a request and a parser of its answer into a
  :class:`~cv.remote.entry.Candidate` (a paper as a service describes it): :mod:`crossref`
  (Crossref's REST API and doi.org's content negotiation), :mod:`arxiv`, :mod:`dblp`,
  :mod:`orcid`, :mod:`openalex` (abstracts and citation counts);
- :mod:`~cv.remote.entry`: a candidate written as a BibTeX entry in the file's own layout, with a
  key in the file's own style;
- :mod:`~cv.remote.bibedit`: edits of a .bib that keep every other byte of the file, at the
  places :mod:`~cv.remote.bibspans` finds (where each entry and field is, to the character);
- :mod:`~cv.remote.match`: which entry of the .bib a candidate is, and what differs.

Only :mod:`cv.bib` (no Sphinx) is used from the extension, to read the .bib as a build reads it.
"""

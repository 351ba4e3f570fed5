project = "Jane Doe"
author = "Jane Doe"
copyright = "2026, Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "furo"
bibtex_bibfiles = ["publications.bib"]
cv_owner = ["Doe, Jane"]
# The polite pools' contact address (tests/test_remote.py checks the requests carry it).
cv_contact_email = "jane@example.org"
# The tests add other people's papers from recorded public records: none is Jane Doe's.
suppress_warnings = ["cv.owner"]

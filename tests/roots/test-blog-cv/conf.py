# Made-up data: a small CV that the blog (tests/roots/test-blog) cites through intersphinx.
project = "Jane Doe"
author = "Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "furo"
bibtex_bibfiles = ["refs.bib"]
cv_owner = ["Doe, Jane"]

project = "Jane Doe"
copyright = "2026, Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
bibtex_bibfiles = ["refs.bib"]
cv_owner = ["Doe, Jane"]

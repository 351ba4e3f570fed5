project = "Jane Doe"
author = "Jane Doe"
copyright = "2026, Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
bibtex_bibfiles = ["papers.bib"]
cv_owner = ["Doe, Jane"]
cv_jsonld_person = {"jobTitle": "Research Scientist", "worksFor": "Example Labs & <Co>"}
latex_documents = [("index", "janedoe.tex", "Jane Doe", "Jane Doe", "howto")]
# doe2023script's title holds markup on purpose, to show that the JSON-LD keeps it as data.
suppress_warnings = ["cv.markup"]

project = "Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
bibtex_bibfiles = ["refs.bib"]
cv_owner = "Doe, Jane"
latex_documents = [("index", "janedoe.tex", "Jane Doe", "Jane Doe", "howto")]

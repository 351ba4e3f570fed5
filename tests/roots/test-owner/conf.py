# Made-up data: who the CV is of, written once (author, cv_contact) and read everywhere.
author = "Jane Doe"
project = html_title = author
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence", "substitution"]
myst_substitutions = {"author": author}
nitpicky = True
html_theme = "furo"
bibtex_bibfiles = ["refs.bib"]
latex_documents = [("index", "JaneDoe_CV.tex", "", author, "howto")]
cv_contact = {
    "email": "jane.doe@example.org",
    "homepage": "https://janedoe.example.org/",
    "github": "janedoe",
    "scholar": "AbCdEfGhIjKL",
    "orcid": "0000-0002-1825-0097",
    "linkedin": "https://www.linkedin.com/in/jane-doe-example",
    "Blog": "https://blog.example.org/",
}

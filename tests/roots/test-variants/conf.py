project = "Jane Doe"
copyright = "2026, Jane Doe"
version = "1"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence", "attrs_block"]
nitpicky = True
bibtex_bibfiles = ["refs.bib"]
cv_owner = ["Doe, Jane"]
latex_engine = "xelatex"
latex_documents = [("index", "janedoe.tex", "", "Jane Doe", "howto")]
cv_variants = {
    "resume": {
        "filename": "JaneDoe_Resume",
        # Not the full CV's order: the variant's own.
        "sections": ["sections/education", "sections/work", "index#selected-papers"],
        "pages": 1,
    },
    "long": {
        "filename": "JaneDoe_Long",
        "sections": ["sections/work"],
        "tags": ["resume", "long"],
        "subject": "Long résumé",
    },
}

import os

project = "Jane Doe"
author = "Jane Doe"
copyright = "2026, Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "furo"
bibtex_bibfiles = ["papers.bib"]
cv_owner = ["Doe, Jane"]
cv_jsonld_person = {"jobTitle": "Research Scientist"}
latex_documents = [("index", "janedoe.tex", "Jane Doe", "Jane Doe", "howto")]
cv_jsonresume_sections = {"experience": "work", "skills": "skills"}
# doe2021special's title holds markup on purpose: it must stay text everywhere.
suppress_warnings = ["cv.markup"]
# A hosted build, as the project's conf.py does it when Read the Docs gives a canonical URL.
html_baseurl = os.environ.get("CV_TEST_BASEURL", "")
if html_baseurl:
    extensions += ["sphinx_sitemap", "sphinxext.opengraph"]
    sitemap_url_scheme = "{link}"
    ogp_site_url = html_baseurl
    ogp_social_cards = {"enable": False}

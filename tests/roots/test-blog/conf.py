"""A small separate blog (ablog) that links to the CV site through intersphinx."""

import os

project = "Jane Doe's blog"
author = "Jane Doe"
copyright = "2026, Jane Doe"
extensions = ["ablog", "myst_parser", "sphinx.ext.intersphinx"]
nitpicky = True
blog_title = "Jane Doe's blog"
blog_baseurl = "https://blog.example.org/"
blog_post_pattern = "posts/*"
post_date_format = "%Y-%m-%d"

# The CV site's address, and where its inventory is read from: here the freshly built
# objects.inv (CV_INVENTORY, set by the test); a real blog writes None to fetch it from the site.
intersphinx_mapping = {"cv": ("https://cv.example.org/en/latest/", os.environ["CV_INVENTORY"])}

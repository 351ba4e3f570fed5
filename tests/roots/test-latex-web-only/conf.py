project = "Jane Doe"
author = "Jane Doe"
copyright = "2026, Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence", "attrs_block"]
nitpicky = True
latex_engine = "xelatex"

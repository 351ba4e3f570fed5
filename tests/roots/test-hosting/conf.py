project = "Jane Doe"
copyright = "2026, Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
latex_documents = [("index", "janedoe.tex", "Jane Doe", "Jane Doe", "howto")]

# Sphinx's default latex_documents escapes project and author for the title and PDF metadata.
project = "Zoë Doe & 김지은 100% #1 {x}_~^\\"
author = "Zoë Doe & 김지은 $5"
copyright = "2026, Zoë Doe"
version = "1"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
latex_engine = "xelatex"

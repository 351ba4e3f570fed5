project = "Jane Doe"
copyright = "2026, Jane Doe"
version = "1"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True

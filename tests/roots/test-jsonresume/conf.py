# Made-up data. No cv_jsonresume_sections: the defaults map the pages of these names.
project = "Jane Doe"
author = "Jane Doe"
copyright = "2026, Jane Doe"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True

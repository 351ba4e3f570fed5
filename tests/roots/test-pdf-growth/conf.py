# A CV of made-up data whose page breaks tests/test_latex_runs.py moves by adding positions to
# sections/experience.md: with one more, Talks (entries of one line each) reaches the foot of
# page 1; with four more, the CV takes a third page.
project = "Jane Doe"
copyright = "2026, Jane Doe"
version = "1"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
latex_documents = [("index", "janedoe.tex", "", "Jane Doe", "howto")]

"""Who the CV is of: the name, the current role, the contact links and the CV's date.

Each is written once, in conf.py (``author``, ``cv_contact``) or in the sources (the positions
that run to ``present``), and everything else reads it: the landing page and its description,
the PDF and résumé headers, JSON-LD, JSON Resume, the favicon, the footer.
"""

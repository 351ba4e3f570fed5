"""The website: a page per paper (``paperpages``, its formatted data in ``paperstore``), the
downloads for reference managers and ``resume.json`` (``downloads``, ``jsonresume``), JSON-LD
(``jsonld``), links to the PDFs and hosting (``hosting``), accessibility fixes
(``accessibility``); its CSS and script in ``static/``."""

"""Output formats, each a function of one paper record: the list entry's text (``style``, a
pybtex style), BibTeX, RIS and CSL-JSON (``exports``), citations in CSL styles (``csl``),
Highwire tags for Google Scholar (``highwire``). No Sphinx builders or events here."""

"""Output formats, each a function of one paper record: the list entry's text (``style``, a
pybtex style), BibTeX (``bibtex``: the one writer of the page's block and of the downloads), RIS
and CSL-JSON (``exports``), the CSL-JSON item and the CSL styles (``csl``), citations formatted in
those styles by pandoc's CSL processor (``cslprocessor``), Highwire tags for Google Scholar
(``highwire``); what these vocabularies read alike (type of work, container, issuer) is read once
(``work``). No Sphinx builders or events here."""

"""Reading and modelling: a .bib file read (``bibfile``), its fields resolved (``fields``), LaTeX
decoded (``decode``; a field's nodes walked in ``texreader``, commands' meanings in
``texcommands``), names, dates and links parsed (``names``, ``dates``, ``links``), an entry's
fields read into one model (``entryfields``), and one :class:`~cv.bib.record.Paper` made per
paper (``record``), cached by the digest of its entry and of the code (``digest``), with what
would not show as meant (``checks``). No Sphinx: every later stage reads the record, never the
.bib."""

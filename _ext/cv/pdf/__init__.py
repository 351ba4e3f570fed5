"""The PDF: LaTeX settings and the engine chosen by the text (``latex``, ``cv.sty``), and the
shorter variants cut from the full CV by tags, such as the résumé (``variants``: declared and
chosen; ``variantcut``: cut from the assembled doctree)."""

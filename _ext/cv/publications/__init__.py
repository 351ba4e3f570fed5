"""The ``{publications}`` directive and its store: the records loaded once per change (``load``),
kept in the ``cvpubs`` domain (``store``), formatted once into nodes (``nodes``), listed by the
directive (``directive``), written by the HTML and LaTeX visitors (``visitors``), and cited
through sphinxcontrib-bibtex (``citations``)."""

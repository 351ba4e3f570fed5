"""The ``{cv-entry}`` directive: positions, degrees, talks, awards ..., with their dates."""

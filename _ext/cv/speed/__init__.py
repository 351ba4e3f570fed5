"""What exists only to make large builds fast; each is measured in ``bench/`` and can be
switched off (docs/architecture.md, "Speed")."""

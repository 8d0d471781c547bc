"""Well-being views, one module per concept. They call ``queries`` to read and
``actions`` to write; they never filter sensitive querysets themselves."""

"""Form fields every app may use, at the bottom of the layers beside ``privacy``.

Nothing here has models or pages, and nothing here imports another Belong app,
so ``access`` (which may not import ``core``) and every layer above it can use
the same fields: :mod:`belong.fields.dates` bounds every date a person types.
"""

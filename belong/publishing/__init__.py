"""Protected aggregates for every module: frozen releases, audiences, the guard, noise,
tables and charts, exports, the printable report and the public pages.

Layer: above ``core``, ``access`` and ``privacy``; below the domain apps. It
never imports a domain app: a module plugs in by registering a release kind
(``publishing.kinds``, where the contract is written).
"""

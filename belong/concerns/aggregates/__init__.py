"""Protected aggregates of concern reports, published through ``belong.publishing``.

``compute`` counts reports and times to resolution and hides small cells;
``cells`` tells the guard what a release publishes; ``presentation`` reads
the frozen frames as pages; ``build`` freezes a release.
"""

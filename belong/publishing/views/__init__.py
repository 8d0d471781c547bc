"""Pages of publishing, one module per concept: ``reading`` (lists, a release's page, its
two-page summary, the printable report, downloads; signed in and public) and ``publish``
(publishing and unpublishing). Reads go through ``queries``; writes through ``actions``."""

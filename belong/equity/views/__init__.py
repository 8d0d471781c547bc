"""Pages of outcomes monitoring, one module per concept. Reads go through ``queries``
(releases: ``publishing.queries``); writes through ``actions``.

Signed-in pages list and open the releases a person may read (drafts only for
those who build them); the public pages open only releases published to the
public, with nobody signed in. No page lists a person.
"""

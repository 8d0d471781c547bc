"""Climate and pulse surveys whose anonymity holds against the database's own administrator.

* ``models.instruments``: instruments, their versions (a version in use is never
  edited: a change makes a new version), items and scales; ``library`` ships the
  WHO-5 and Belong's learning-environment and belonging instrument; ``redcap``
  imports a REDCap data dictionary through ``belong.importing`` and exports one.
* ``models.campaigns``: a campaign sends one version to an audience; one
  invitation per person with a single-use signed link (``links``); participation
  is recorded apart from answers, so reminders reach non-responders only.
* ``models.responses``: the answers, an ``AnonymousRecord`` (no person, token,
  address or time), sealed at submission and released in random batches of k
  (``belong.anonymity.sealing``), with the groups of a coarsened snapshot
  (``grouping``) generalised so every combination stored is shared by k.

Decision record 0024 says what anonymous means here, and its limits.
"""

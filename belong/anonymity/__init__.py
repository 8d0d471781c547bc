"""Anonymous records: the one pattern every module follows (responses, reports, comments).

An anonymous survey response, an anonymous report of mistreatment and an
anonymous comment on an action plan must not be linkable to a person, not even
by someone who reads every table of the database. Three things here make that
the easy path and the checked one:

* :class:`~belong.anonymity.models.AnonymousRecord`, the abstract model every
  anonymous record inherits: a random UUID key (no sequence that tells the
  order of arrival) and the day it was received (or a coarser period), nothing
  more. A system check (``anonymity.E001``–``E005``) refuses a subclass that
  adds a link to an account or a person, a time of day, an IP address, or a
  field whose name says it holds one.
* :mod:`~belong.anonymity.sealing`: *sealed envelopes*. Where a module must also
  record who took part (a survey's participation, so that reminders go only to
  those who have not answered), writing the anonymous row in the same
  transaction would tie the two together through the database's own
  bookkeeping (PostgreSQL's ``xmin``, SQLite's ``rowid`` order, the order of
  the rows on disk). So the content is sealed instead: encrypted with a key
  derived from the server's secret key (a database reader without it sees an
  opaque blob), held in a pool, and released into its table later, in batches
  of at least ``k`` and in random order, by a transaction of its own. Every
  released row is then one of at least ``k`` that arrived together, from at
  least ``k`` people who took part in that span.
* :mod:`~belong.anonymity.periods`: the coarse dates such records keep.

The audit side is ``belong.access.audit.record_anonymous`` (no actor, the day
only, sealed into the log after the day closes); the request-log side is
``belong.core.logging.anonymous_endpoint`` (no request line). Decision record
0017 explains the threat model and its limits.
"""

"""One import engine for every module (see ``docs/importing.md``, "For developers").

Layer: above ``core`` and ``access``, beside ``people`` and ``publishing``,
below the domain apps. It never imports ``people`` or a domain app: each
importer (people, stage events, ...) is a user of the engine and declares
what only it knows -- its fields (:class:`~belong.importing.fields.Schema`),
its problem kinds, how a row is checked and how a checked file is written
(:class:`~belong.importing.engine.Importer`).

* ``readers``: CSV, Excel (.xlsx, measured before it is unpacked) and JSON,
  told apart by content;
* ``fields``, ``cells``, ``mapping``: what a column may hold, how a cell is
  read, which column feeds which field;
* ``problems``: where (row and column, or JSON path) and why;
* ``engine``: dry run and all-or-nothing apply, one ``ImportRun`` and one
  audit event per run;
* ``uploads``, ``progress``, ``tasks``: files waiting between the web
  steps, and background runs with their progress.
"""

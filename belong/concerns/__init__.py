"""Learning-environment concerns: named, confidential or anonymous reports, and their cases.

A reporter chooses how they are known (``choices.Mode``) before they write.
Anonymous reports are anonymous records (``belong.anonymity``): sealed at
intake and delivered to case managers by ``manage.py deliver_concerns``; the
reporter follows up with a receipt (``receipts``). Case managers triage,
assign, note, answer and close (``actions.cases``); every read and write is
audited. Decision record 0028 explains the anonymity and the receipt design.
"""

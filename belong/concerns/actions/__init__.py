"""Every write about concerns: one function each, keyword-only ``by=``, one transaction.

``intake`` (reporting), ``followup`` (the reporter writing again, with or
without a receipt), ``delivery`` (sealed anonymous content into its tables),
``cases`` (what case managers do).
"""

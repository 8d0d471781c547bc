"""Every write to a plan: keyword-only ``by=``, one transaction, one audit event."""

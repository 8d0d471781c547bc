"""Every write of the surveys app: keyword-only ``by=``, one transaction, one audit event."""

"""Every write to the directory: keyword-only ``by=``, one transaction, one audit event."""

from belong.directory.actions.entries import flag_stale_services, save_service, verify_service

__all__ = ["flag_stale_services", "save_service", "verify_service"]

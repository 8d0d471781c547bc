"""Open Referral HSDS 3.0: the directory as HSDS JSON, out and in (``export``, ``importer``)."""

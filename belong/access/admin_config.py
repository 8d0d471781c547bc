"""Django's admin app, with Belong's audited site as ``admin.site``.

Listed in ``INSTALLED_APPS`` in place of ``django.contrib.admin``. Kept apart
from ``apps.py`` because a module may declare only one default AppConfig.
"""

from django.contrib.admin.apps import AdminConfig


class BelongAdminConfig(AdminConfig):
    """Django's admin, whose default site audits every write (``admin_site.py``)."""

    default_site = "belong.access.admin_site.AuditedAdminSite"

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_defaults(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Like Django's content types: the shipped pipelines and the Census
    # benchmark are configuration every database needs, installed after each
    # migrate (and after a test flush), never overwriting an analyst's edits.
    from django.db import connections

    from belong.equity.actions import ensure_defaults

    if "equity_pipelinedefinition" not in connections[using].introspection.table_names():
        return
    ensure_defaults(by=None, record=False)


class EquityConfig(AppConfig):
    name = "belong.equity"
    label = "equity"
    verbose_name = "Outcomes monitoring"

    def ready(self) -> None:
        # Registers the object rules (who opens which release) with access.policies.
        from belong.equity import policies  # noqa: F401

        post_migrate.connect(_install_defaults, sender=self, dispatch_uid="equity_defaults")

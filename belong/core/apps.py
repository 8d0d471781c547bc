from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "belong.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from belong.core import checks  # noqa: F401  (production system checks)
        from belong.core.logging import log_unexpected_error

        got_request_exception.connect(log_unexpected_error, dispatch_uid="belong-errors")

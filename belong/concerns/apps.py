from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "belong.concerns"
    label = "concerns"
    verbose_name = "Learning-environment concerns"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the object rules (which case, whose report) with access.policies.
        from belong.concerns import policies  # noqa: F401

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "belong.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        # Registers the object rules (who opens which release) with access.policies.
        from belong.publishing import policies  # noqa: F401

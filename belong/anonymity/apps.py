from django.apps import AppConfig


class AnonymityConfig(AppConfig):
    name = "belong.anonymity"
    label = "anonymity"
    verbose_name = "Anonymous records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from belong.anonymity import checks  # noqa: F401  (registers the system check)

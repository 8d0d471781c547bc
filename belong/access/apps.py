from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "belong.access"
    label = "access"
    verbose_name = "Access and audit"

    def ready(self) -> None:
        from belong.access import signals  # noqa: F401  (login/logout audit events)
        from belong.access.saml import checks  # noqa: F401  (SAML's system checks)

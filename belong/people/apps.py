from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "belong.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from belong.people import accounts, policies  # noqa: F401  (policies: object rules)

        # Answers access's questions about the person behind an account.
        accounts.register()

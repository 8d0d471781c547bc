from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "belong.directory"
    label = "directory"
    verbose_name = "Directory"

    def ready(self) -> None:
        # Registers the object rules (an office edits its own entries) with access.policies.
        from belong.directory import policies  # noqa: F401

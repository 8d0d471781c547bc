from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "belong.core"
    label = "core"
    verbose_name = "Core"

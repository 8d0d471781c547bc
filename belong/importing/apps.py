from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "belong.importing"
    label = "importing"
    verbose_name = "Imports"

from django.apps import AppConfig


class EquityConfig(AppConfig):
    name = "belong.equity"
    label = "equity"

from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "jixiao.web.history"
    label = "history"
    verbose_name = "变更历史"

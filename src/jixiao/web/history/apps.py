from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "jixiao.web.history"
    label = "history"
    verbose_name = "变更历史"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (logins and failed logins in the history)

from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "jixiao.web.goals"
    label = "goals"
    verbose_name = "绩效目标"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the rule sets' start-up check

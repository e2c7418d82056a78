from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "jixiao.web.goals"
    label = "goals"
    verbose_name = "绩效目标"

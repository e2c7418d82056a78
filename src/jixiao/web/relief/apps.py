from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "jixiao.web.relief"
    label = "relief"
    verbose_name = "帮扶业务"

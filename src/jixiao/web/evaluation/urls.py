from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("<int:plan_id>/monitoring/", views.monitoring, name="monitoring"),
    path("<int:plan_id>/self-evaluation/", views.self_evaluation, name="self_evaluation"),
    path("<int:plan_id>/spending/", views.spending_add, name="spending_add"),
    path("<int:plan_id>/values/<int:indicator_id>/", views.value_save, name="value_save"),
    path("<int:plan_id>/import/<str:kind>/", views.records_import, name="records_import"),
    path("<int:plan_id>/tables/<str:table>.<str:fmt>", views.table_download, name="table_download"),
    path("evidence/<int:indicator_id>/", views.evidence, name="evidence"),
]

from django.urls import path

from . import monitoring_views, second_monitoring_views, views

app_name = "evaluation"
urlpatterns = [
    path("<int:plan_id>/monitoring/", views.monitoring, name="monitoring"),
    path("<int:plan_id>/self-evaluation/", views.self_evaluation, name="self_evaluation"),
    path("<int:plan_id>/self-evaluation/publish/", views.self_evaluation_publish, name="self_evaluation_publish"),
    path("<int:plan_id>/self-evaluation/correct/", views.self_evaluation_correct, name="self_evaluation_correct"),
    path("<int:plan_id>/spending/", views.spending_add, name="spending_add"),
    path("<int:plan_id>/spending/records/", views.spending_list, name="spending_list"),
    path("<int:plan_id>/spending/<int:spending_id>/", views.spending_correct, name="spending_correct"),
    path("<int:plan_id>/spending/<int:spending_id>/delete/", views.spending_delete, name="spending_delete"),
    path("<int:plan_id>/values/<int:indicator_id>/", views.value_save, name="value_save"),
    path("<int:plan_id>/import/<str:kind>/", views.records_import, name="records_import"),
    path("<int:plan_id>/tables/<str:table>.<str:fmt>", views.table_download, name="table_download"),
    path("evidence/<int:indicator_id>/", views.evidence, name="evidence"),
    path("<int:plan_id>/reasons/project/<int:project_id>/", monitoring_views.project_reason_save, name="project_reason_save"),
    path("<int:plan_id>/reasons/indicator/<int:indicator_id>/", monitoring_views.indicator_reason_save,
         name="indicator_reason_save"),
    path("<int:plan_id>/monitoring/reports/", monitoring_views.monitoring_report_save, name="monitoring_report_save"),
    path("<int:plan_id>/monitoring/reports/<int:report_id>/", monitoring_views.monitoring_report, name="monitoring_report"),
    path("<int:plan_id>/monitoring/reports/<int:report_id>/table.<str:fmt>", monitoring_views.monitoring_report_download,
         name="monitoring_report_download"),
    path("<int:plan_id>/second-monitoring/", second_monitoring_views.second_monitoring_open, name="second_monitoring_open"),
    path("second-monitoring/<int:task_id>/", second_monitoring_views.second_monitoring, name="second_monitoring"),
]

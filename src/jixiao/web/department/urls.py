from django.urls import path

from . import evaluation_views, goal_views, metric_views, views

app_name = "department"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_id>/<int:year>/", views.page, name="page"),
    path("<int:unit_id>/<int:year>/staffing/", views.staffing_add, name="staffing_add"),
    path("<int:unit_id>/<int:year>/staffing/<int:record_id>/", views.staffing_edit, name="staffing_edit"),
    path("<int:unit_id>/<int:year>/spending/", views.spending_add, name="spending_add"),
    path("<int:unit_id>/<int:year>/spending/<int:record_id>/", views.spending_edit, name="spending_edit"),
    path("<int:unit_id>/<int:year>/staffing/<int:record_id>/delete/", views.staffing_delete, name="staffing_delete"),
    path("<int:unit_id>/<int:year>/spending/<int:record_id>/delete/", views.spending_delete, name="spending_delete"),
    path("<int:unit_id>/<int:year>/budget/", views.budget_set, name="budget_set"),
    path("unit-indicators/<int:indicator_id>/actual/", metric_views.unit_actual, name="unit_actual"),
    path("unit-indicators/<int:indicator_id>/metric/", metric_views.unit_indicator_bind, name="unit_indicator_bind"),
    path("<int:unit_id>/<int:year>/import/<str:kind>/", views.records_import, name="records_import"),
]

# 部门整体绩效目标: 分项目标, their indicators and the projects they cover (goal_views.py)
urlpatterns += [
    path("<int:unit_id>/<int:year>/goals/", goal_views.goals, name="goals"),
    path("<int:unit_id>/<int:year>/goals/propose/", goal_views.unit_goals_propose, name="unit_goals_propose"),
    path("<int:unit_id>/<int:year>/goals/<int:goal>/indicators/", goal_views.unit_indicator_add,
         name="unit_indicator_add"),
    path("<int:unit_id>/<int:year>/goals/unit/indicators/", goal_views.unit_table_add, name="unit_table_add"),
    path("<int:unit_id>/<int:year>/goals/<int:goal>/projects/", goal_views.sub_goal_projects, name="sub_goal_projects"),
    path("unit-indicators/<int:indicator_id>/", goal_views.unit_indicator_edit, name="unit_indicator_edit"),
    path("unit-indicators/<int:indicator_id>/confirm/", goal_views.unit_indicator_confirm,
         name="unit_indicator_confirm"),
    path("unit-indicators/<int:indicator_id>/delete/", goal_views.unit_indicator_delete, name="unit_indicator_delete"),
]

# 部门整体支出绩效自评 (evaluation_views.py)
urlpatterns += [
    path("<int:unit_id>/<int:year>/evaluation/", evaluation_views.evaluation, name="evaluation"),
    path("<int:unit_id>/<int:year>/evaluation/prose/", evaluation_views.prose_save, name="evaluation_prose"),
    path("<int:unit_id>/<int:year>/evaluation/publish/", evaluation_views.publish, name="evaluation_publish"),
    path("<int:unit_id>/<int:year>/evaluation/correct/", evaluation_views.correct, name="evaluation_correct"),
    path("<int:unit_id>/<int:year>/evaluation/<str:kind>.<str:fmt>", evaluation_views.download,
         name="evaluation_download"),
]

from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("upload/", views.plan_upload, name="plan_upload"),
    path("upload/confirm/", views.plan_upload_confirm, name="plan_upload_confirm"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/correct/", views.plan_correct, name="plan_correct"),  # before the workflow's actions
    path("<int:plan_id>/ruleset/", views.plan_ruleset, name="plan_ruleset"),
    path("<int:plan_id>/<str:action>/", views.plan_action, name="plan_action"),
    path("<int:plan_id>/download.<str:fmt>", views.plan_download, name="plan_download"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/validate/", views.project_validate, name="project_validate"),
    path("projects/<int:project_id>/save/", views.project_save, name="project_save"),
    path("projects/<int:project_id>/grade/", views.project_grade, name="project_grade"),
    path("projects/<int:project_id>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:indicator_id>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicators/<int:indicator_id>/move/<str:direction>/", views.indicator_move, name="indicator_move"),
    path("indicators/<int:indicator_id>/adjust/", views.adjustment_request, name="adjustment_request"),
    path("adjustments/<int:adjustment_id>/decide/", views.adjustment_decide, name="adjustment_decide"),
]

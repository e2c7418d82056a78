from django.urls import path

from . import views

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
    path("<int:unit_id>/<int:year>/import/<str:kind>/", views.records_import, name="records_import"),
]

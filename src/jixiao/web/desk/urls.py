from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("export.xlsx", views.desk_export, name="export"),
]

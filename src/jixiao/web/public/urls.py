from django.urls import path

from ..department.evaluation_views import public_download as department_download
from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("public/<str:unit_code>/<int:year>/", views.plan, name="plan"),
    path("public/<str:unit_code>/<int:year>/goals/<int:publication_id>/", views.plan_version, name="plan_version"),
    path("public/<str:unit_code>/<int:year>/department-evaluation.<str:fmt>", department_download,
         name="department_download"),
    path("public/<str:unit_code>/<int:year>/<str:table>.<str:fmt>", views.download, name="download"),
]

from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("<int:entry_id>/", views.entry_detail, name="entry_detail"),
    path("<int:entry_id>/retire/", views.entry_retire, name="entry_retire"),
    path("<int:entry_id>/restore/", views.entry_restore, name="entry_restore"),
    path("promote/<int:indicator_id>/", views.entry_promote, name="entry_promote"),
    path("assist/<int:project_id>/", views.assist, name="assist"),
]

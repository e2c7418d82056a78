from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("no-unit/", views.no_unit, name="no_unit"),
    path("password/", views.password_change, name="password_change"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/memberships/add/", views.membership_add, name="membership_add"),
    path("users/<int:user_id>/memberships/remove/", views.membership_remove, name="membership_remove"),
    path("users/<int:user_id>/password/", views.password_reset, name="password_reset"),
    path("users/<int:user_id>/area/", views.review_area_set, name="review_area_set"),
    path("users/<int:user_id>/password/shown/", views.password_shown, name="password_shown"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user_unlock"),
    path("security/", views.security_log, name="security_log"),
]

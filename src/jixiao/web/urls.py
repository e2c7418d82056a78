from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

from . import errors
from .api import api

urlpatterns = [
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain"), name="healthz"),
    path("", include("jixiao.web.public.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("goals/", include("jixiao.web.goals.urls")),
    path("evaluation/", include("jixiao.web.evaluation.urls")),
    path("relief/", include("jixiao.web.relief.urls")),
    path("rectifications/", include("jixiao.web.rectification.urls")),
    path("department/", include("jixiao.web.department.urls")),
    path("desk/", include("jixiao.web.desk.urls")),
    path("accounts/", include("jixiao.web.accounts.urls")),
    path("library/", include("jixiao.web.library.urls")),
    path("api/", api.urls),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.not_found
handler500 = errors.server_error

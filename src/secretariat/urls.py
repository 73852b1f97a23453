"""The site's URLs. Team pages live under /<team>/ and serve staff and public alike."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from secretariat.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("<slug:team>/actions/", include("secretariat.tracker.urls")),
]

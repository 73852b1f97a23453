from django.urls import path

from secretariat.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("apply/", views.apply, name="apply"),
]

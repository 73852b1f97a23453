from django.urls import path

from secretariat.workplan import views

app_name = "workplan"

urlpatterns = [
    path("", views.workplan_page, name="page"),
    path("new/", views.milestone_create, name="create"),
    path("<int:pk>/edit/", views.milestone_edit, name="edit"),
    path("baseline/", views.baseline_save, name="baseline"),
    path("report/", views.report_draft, name="report"),
]

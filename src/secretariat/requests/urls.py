from django.urls import path

from secretariat.requests import views

app_name = "requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("briefings/", views.briefing_table, name="briefings"),
    path("briefings.csv", views.briefing_table_csv, name="briefings_csv"),
    path("briefings.xlsx", views.briefing_table_xlsx, name="briefings_xlsx"),
    path("<int:number>/", views.request_detail, name="detail"),
    path("<int:number>/edit/", views.request_edit, name="edit"),
    path("<int:number>/status/", views.request_status, name="status"),
    path("<int:number>/schedule/", views.request_schedule, name="schedule"),
    path("<int:number>/notes/", views.request_note, name="note_add"),
]

from django.urls import path

from secretariat.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/recommended.ics", views.event_calendar, name="calendar"),
    path("<slug:slug>/attend/", views.attend, name="attend"),
    path("<slug:slug>/sessions/", views.session_add, name="session_add"),
    path("<slug:slug>/sessions/<int:pk>/recommend/", views.session_recommend, name="recommend"),
    path("<slug:slug>/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<slug:slug>/sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
]

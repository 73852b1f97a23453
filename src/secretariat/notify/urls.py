from django.urls import path

from secretariat.notify import views

app_name = "notify"

urlpatterns = [
    path("account/reminders/", views.reminder_settings, name="reminders"),
    path("notify/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("inbound/mail/", views.inbound_mail, name="inbound_mail"),
    path("<slug:team>/meetings/<int:number>/invite/", views.meeting_invite, name="meeting_invite"),
    path(
        "<slug:team>/meetings/<int:number>/send-actions/",
        views.meeting_send_actions,
        name="meeting_send_actions",
    ),
]

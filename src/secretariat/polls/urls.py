from django.urls import path

from secretariat.polls import views

app_name = "polls"

urlpatterns = [
    path("", views.poll_list, name="list"),
    path("new/", views.poll_create, name="create"),
    path("<int:pk>/", views.poll_detail, name="detail"),
    path("<int:pk>/schedule/", views.poll_schedule, name="schedule"),
    path("<int:pk>/close/", views.poll_close, name="close"),
    path("<int:pk>/closing/", views.poll_closing, name="closing"),
    path("<int:pk>/invite/", views.poll_invite, name="invite"),
    path("<int:pk>/invitees/<int:invitee>/resend/", views.poll_resend, name="resend"),
]

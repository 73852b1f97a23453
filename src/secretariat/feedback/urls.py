from django.urls import path

from secretariat.feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("actions/<int:number>/", views.item_input, name="item"),
    path("meetings/<int:number>/", views.meeting_input, name="meeting"),
]

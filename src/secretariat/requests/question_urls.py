from django.urls import path

from secretariat.requests import views

app_name = "questions"

urlpatterns = [
    path("", views.question_page, name="list"),
    path("new/", views.question_create, name="create"),
    path("<int:number>/", views.question_detail, name="detail"),
    path("<int:number>/answer/", views.question_answer, name="answer"),
]

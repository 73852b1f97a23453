from django.urls import path

from secretariat.requests import views

app_name = "questions"

urlpatterns = [
    path("", views.question_page, name="list"),
    path("new/", views.question_create, name="create"),
    path("<int:number>/", views.question_detail, name="detail"),
    path("<int:number>/edit/", views.question_edit, name="edit"),
    path("<int:number>/answer/", views.question_answer, name="answer"),
    *(
        path(f"<int:number>/{step}/", views.question_step, {"step": step}, name=step)
        for step in views.QUESTION_STEPS
    ),
]

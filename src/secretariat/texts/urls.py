from django.urls import path

from secretariat.texts import views

app_name = "texts"

urlpatterns = [
    path("", views.template_list, name="list"),
    path("new/", views.template_create, name="create"),
    path("<int:number>/", views.template_detail, name="detail"),
    path("<int:number>/plain/", views.template_plain, name="plain"),
    path("<int:number>/diff/", views.template_diff, name="diff"),
    path("<int:number>/edit/", views.template_edit, name="edit"),
]

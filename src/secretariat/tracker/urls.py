from django.urls import path

from secretariat.tracker import views

app_name = "tracker"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("<int:number>/", views.item_detail, name="detail"),
    path("<int:number>/edit/", views.item_edit, name="edit"),
    path("<int:number>/notes/", views.note_add, name="note_add"),
    path("<int:number>/complete/", views.item_complete, name="complete"),
    path("<int:number>/merge/", views.item_merge, name="merge"),
]

from django.urls import path

from secretariat.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("attendance/", views.attendance_record, name="record"),
    path("<int:number>/", views.meeting_detail, name="detail"),
    path("<int:number>/edit/", views.meeting_edit, name="edit"),
    path("<int:number>/attendance/", views.attendance_edit, name="attendance"),
    path("<int:number>/agenda/", views.agenda_edit, name="agenda"),
    path("<int:number>/agenda/<int:item>/", views.agenda_move, name="agenda_move"),
    path("<int:number>/agenda/<int:item>/edit/", views.agenda_item_edit, name="agenda_item"),
    path("<int:number>/agenda/<int:item>/note/", views.note_take, name="note"),
    path("<int:number>/decisions/", views.decision_add, name="decision_add"),
    path("<int:number>/actions/", views.action_add, name="action_add"),
    path("<int:number>/materials/", views.material_add, name="material_add"),
    path("<int:number>/materials/<int:pk>/", views.material_file, name="material"),
    path("<int:number>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:number>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("<int:number>/deck/", views.deck, name="deck"),
    path("<int:number>/agenda-document/", views.agenda_document, name="agenda_document"),
    path("<int:number>/mail/", views.mail, name="mail"),
    path("<int:number>/call-report/", views.call_report, name="call_report"),
]

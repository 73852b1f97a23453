from django.http import HttpRequest, HttpResponse


def item_list(request: HttpRequest, team: str) -> HttpResponse:
    raise NotImplementedError


item_create = item_detail = item_edit = note_add = item_complete = item_merge = item_list

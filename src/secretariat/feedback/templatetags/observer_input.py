"""`{% input_box record as box %}`: the published input under an action item or meeting (and,
for staff and chairs, how many wait), read for the current viewer through feedback.queries."""

from __future__ import annotations

from django import template

from secretariat.feedback.forms import InputForm
from secretariat.feedback.queries import InputBox, input_box
from secretariat.meetings.models import Meeting
from secretariat.tracker.models import ActionItem

register = template.Library()


@register.simple_tag(takes_context=True, name="input_box")
def input_box_tag(context: template.Context, record: ActionItem | Meeting) -> InputBox:
    request = context.get("request")
    return input_box(viewer=getattr(request, "user", None), record=record)


@register.simple_tag(name="input_form")
def input_form_tag() -> InputForm:
    return InputForm()

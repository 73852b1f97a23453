"""`{% questions_of_item item as summary %}`: the questions under an action item, read for the
current viewer through requests.queries (so the tracker's view need not know about them)."""

from __future__ import annotations

from django import template

from secretariat.requests.queries import QuestionSummary, questions_of_item
from secretariat.tracker.models import ActionItem

register = template.Library()


@register.simple_tag(takes_context=True, name="questions_of_item")
def questions_of_item_tag(context: template.Context, item: ActionItem) -> QuestionSummary:
    request = context.get("request")
    viewer = getattr(request, "user", None)
    return questions_of_item(viewer=viewer, item=item)

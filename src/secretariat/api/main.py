"""The API object: /api/v1/ with its routers, authenticators and problem handlers."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from secretariat.api import events, export, meetings, polls, requests, teams, tracker, workplan
from secretariat.api.auth import SessionOrAnonymous, TokenAuth
from secretariat.api.problems import PROBLEM_CONTENT_TYPE, register_handlers


class SecretariatAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The generated document, with error responses declared as application/problem+json."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content")
                    if (
                        str(status).startswith(("4", "5"))
                        and content
                        and "application/json" in content
                    ):
                        answer["content"] = {PROBLEM_CONTENT_TYPE: content.pop("application/json")}
        return schema


api = SecretariatAPI(
    title="secretariat API",
    version="1",
    description=(
        "The record of a review team: teams, people, groups, memberships and action items. "
        "Send a personal API token as `Authorization: Bearer <token>` (create one at "
        "/account/tokens/); without one you read public records. Writes of existing items need "
        "`If-Match` with the ETag you read. Errors are RFC 9457 problem documents."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionOrAnonymous()],
)
register_handlers(api)
api.add_router("/teams", teams.router)
api.add_router("/teams", tracker.router)
api.add_router("/teams", meetings.router)
api.add_router("/teams", export.router)
api.add_router("/teams", requests.router)
api.add_router("/teams", events.router)
api.add_router("/teams", workplan.router)
api.add_router("/teams", polls.router)

"""Errors as RFC 9457 problem documents, for every failure under /api/.

Each problem has `type` (a URN naming the kind of problem), `title`, `status` and `detail`;
validation problems add `errors: [{field, message}]`, a stale write adds `current_version`.
`register_handlers` teaches the NinjaAPI to answer its exceptions this way, and
`ApiProblemMiddleware` catches what never reaches it (an unknown path, a method the path does
not take, an oversized body, a crash), so no HTML page is ever served under /api/.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from secretariat.core.errors import StaleVersion

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"
DEFAULT_MAX_BODY_BYTES = 256 * 1024

TYPES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "stale-version",
    413: "body-too-large",
    415: "unsupported-media-type",
    422: "validation",
    428: "precondition-required",
    429: "rate-limited",
    500: "server-error",
}


def problem_type(status: int) -> str:
    return f"urn:secretariat:problem:{TYPES.get(status, 'http-' + str(status))}"


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})
        super().__init__(detail)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_response(
    status: int,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": problem_type(status),
        "title": _phrase(status),
        "status": status,
        "detail": detail,
        **extra,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(exc: DjangoValidationError) -> list[dict[str, str | None]]:
    """A Django ValidationError as [{field, message}] (field None for a non-field error)."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if field == "__all__" else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": message} for message in exc.messages]


def _ninja_field(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja's loc starts with where the value came from ("body", "query", "path") and, for a
    # body, the name of the view's body parameter; the caller knows the rest as the field.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
        if loc and loc[0] == "body" and len(parts) > 1 and parts[0] in {"payload", "data"}:
            parts = parts[1:]
    return ".".join(parts) or "body"


def _handle_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": _ninja_field(error.get("loc", ())), "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return problem_response(422, _("The request has invalid values; see errors."), errors=errors)


def _handle_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return problem_response(
        422, _("The request has invalid values; see errors."), errors=field_errors(exc)
    )


def _handle_stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    current = getattr(exc.current, "version", None)
    return problem_response(
        412,
        _(
            "The record changed since version %(old)s; read it again (version %(new)s) and "
            "re-apply your change."
        )
        % {"old": exc.expected_version, "new": current},
        headers={"ETag": f'"{current}"'},
        current_version=current,
        changes_since=[
            {"version": e.version, "action": e.action, "fields": sorted(e.changes)}
            for e in exc.changes_since
            # Only the field names: the values may be more closed than the caller's view.
        ],
    )


def _handle_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(exc.status, exc.detail, headers=exc.headers, **exc.extra)


def _handle_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    headers = {}
    if exc.status_code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="secretariat"'
    detail = str(exc.message) if hasattr(exc, "message") else str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = _("The request body is not valid JSON.")
    elif isinstance(exc, AuthenticationError):
        detail = _("Send a valid API token as “Authorization: Bearer <token>”.")
    return problem_response(exc.status_code, detail, headers=headers)


def _handle_404(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(404, _("There is no such record, or you may not see it."))


def _handle_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(403, str(exc) or _("You are not allowed to do that."))


def _handle_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(413, _("The request body is too large."))


def _handle_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem_response(500, _("Something went wrong on our side; it has been logged."))


def register_handlers(api: NinjaAPI) -> None:
    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (Exception, _handle_crash),
        (NinjaValidationError, _handle_ninja_validation),
        (DjangoValidationError, _handle_django_validation),
        (StaleVersion, _handle_stale),
        (ApiProblem, _handle_problem),
        (HttpError, _handle_http_error),
        (Http404, _handle_404),
        (PermissionDenied, _handle_forbidden),
        (RequestDataTooBig, _handle_too_big),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def max_body_bytes() -> int:
    return int(getattr(settings, "API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


class ApiProblemMiddleware:
    """Under /api/: refuse oversized bodies early, and turn any non-JSON error into a problem."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(400, _("The Content-Length header is not a number."))
        limit = max_body_bytes()
        if length > limit:
            return problem_response(
                413,
                _("The request body is %(size)s bytes; the limit is %(limit)s.")
                % {"size": length, "limit": limit},
            )
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.status_code < 400 or "json" in content_type:
            return response
        status = response.status_code
        if status == 404:
            replacement = problem_response(404, _("There is no such address in the API."))
        elif status == 405:
            replacement = problem_response(
                405,
                _("%(method)s is not allowed here; allowed: %(allowed)s.")
                % {"method": request.method, "allowed": response.get("Allow", "")},
            )
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
        elif status >= 500:
            replacement = problem_response(
                status, _("Something went wrong on our side; it has been logged.")
            )
        else:
            replacement = problem_response(status, _phrase(status))
        return replacement

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return problem_response(413, _("The request body is too large."))
        if isinstance(exception, Http404):
            return problem_response(404, _("There is no such address in the API."))
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exception)
        return problem_response(500, _("Something went wrong on our side; it has been logged."))

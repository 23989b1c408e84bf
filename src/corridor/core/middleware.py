"""Request-wide protections: body size limit, security headers, JSON errors under /api/."""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from corridor.core import jsonlimits, throttle
from corridor.core.errors import STATUS_CODES

logger = logging.getLogger("corridor.security")

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, fields=None) -> JsonResponse:
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    return JsonResponse(body, status=status)


class BodySizeLimitMiddleware:
    """Refuse a body whose declared length is over the limit, before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > settings.CORRIDOR_MAX_BODY_BYTES:
            message = _("The request body is too large (at most %(limit)d bytes).") % {"limit": settings.CORRIDOR_MAX_BODY_BYTES}
            if length < 0:
                return json_error(400, "bad_request", _("The Content-Length header is not a number."))
            if is_api(request):
                return json_error(413, "body_too_large", message)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class TrustedProxyMiddleware:
    """Believe X-Forwarded-Proto and X-Forwarded-For only from the reverse proxies named in CORRIDOR_TRUSTED_PROXIES.

    From any other client the headers are removed before Django (SECURE_PROXY_SSL_HEADER) or the throttles read
    them: a client could otherwise pass a plain-HTTP request off as HTTPS, or pick its own address.
    """

    headers = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("REMOTE_ADDR", "") not in throttle.trusted_proxies():
            for header in self.headers:
                request.META.pop(header, None)
        return self.get_response(request)


class JsonLimitsMiddleware:
    """Refuse a JSON body under /api/ that nests too deeply or carries an over-long number, before any parser runs.

    The contract endpoints are left to the contract interchange, which applies the same check (core/jsonlimits.py)
    and answers with the public error codes of CONTRACTS.md. Refusals are logged without the client's address.
    """

    own_parsers = ("/api/v1/contracts/check", "/api/v1/contracts/compare")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            is_api(request)
            and request.method in {"POST", "PUT", "PATCH"}
            and not request.content_type.startswith(("multipart/", "application/x-www-form-urlencoded"))
            and request.path not in self.own_parsers
        ):
            try:
                jsonlimits.check(request.body)
            except jsonlimits.JsonLimitError as exc:
                logger.warning("refused a JSON body: %s (%s) %s %s", exc.kind, exc.found, request.method, request.path)
                code = "body_too_deep" if exc.kind == jsonlimits.TOO_DEEP else "number_too_long"
                message = (_("The JSON nests %(found)d levels deep; at most %(limit)d are allowed.")
                           if exc.kind == jsonlimits.TOO_DEEP else
                           _("A number in the JSON has %(found)d digits; at most %(limit)d are allowed."))
                return json_error(400, code, message % {"found": exc.found, "limit": exc.limit},
                                  fields={"body": [message % {"found": exc.found, "limit": exc.limit}]})
        return self.get_response(request)


class NulCharacterMiddleware:
    """Refuse NUL characters in a query or a text body: no text column can store them.

    Uploaded files (multipart bodies) are binary and are left to the forms, which refuse NUL in text fields.
    The exchange inbox answers peers in its own shape and refuses anything that is not a signed token itself.
    """

    exempt_bodies = ("/api/v1/exchange/inbox",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("The request contains a NUL character, which is not allowed in text.")
            if is_api(request):
                return json_error(400, "nul_character", message)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            return True
        if (
            request.method in {"POST", "PUT", "PATCH"}
            and not request.content_type.startswith("multipart/")
            and request.path not in NulCharacterMiddleware.exempt_bodies
        ):
            body = request.body.lower()
            return b"\x00" in body or b"\\u0000" in body or (
                request.content_type == "application/x-www-form-urlencoded" and b"%00" in body
            )
        return False


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy and related headers on every answer; JSON errors under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if is_api(request) and response.status_code >= 400 and "json" not in response.get("Content-Type", ""):
            return self._as_json(response)
        return response

    @staticmethod
    def _as_json(response):
        status = response.status_code
        code = STATUS_CODES.get(status, "client_error" if status < 500 else "server_error")
        message = {
            404: _("There is nothing at this address."),
            405: _("This method is not allowed here."),
            403: _("You do not have permission to do this."),
            400: _("The request could not be understood."),
        }.get(status, _("The request could not be completed."))
        json_response = json_error(status, code, message)
        if status == 405 and response.has_header("Allow"):
            json_response["Allow"] = response["Allow"]
        return json_response


def parse_json_body(request):
    """Parse a JSON body; None when it is not JSON."""
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None

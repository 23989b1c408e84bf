"""The JSON API under /api/v1/: one NinjaAPI, each app adds its router; errors are JSON with stable codes."""

import logging
from functools import wraps

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from corridor.accounts import services as account_services
from corridor.accounts.api import router as accounts_router
from corridor.cases.api import router as cases_router
from corridor.clearance.api import router as clearance_router
from corridor.clearance.api import transfer_router
from corridor.contracts.api import router as contracts_router
from corridor.core.api import router as core_router
from corridor.core.errors import STATUS_CODES, CorridorError
from corridor.exchange.api import router as exchange_router
from corridor.guidance.api import router as guidance_router
from corridor.indicators.api import router as indicators_router
from corridor.inspection.api import router as inspection_router
from corridor.orientation.api import router as orientation_router
from corridor.registry.api import router as registry_router
from corridor.reintegration.api import router as reintegration_router
from corridor.standards.api import router as standards_router
from corridor.voice.api import router as voice_router
from corridor.wages.api import router as wages_router
from corridor.welfare.api import router as welfare_router

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    """`Authorization: Bearer crd_...` with a token made on the API tokens page."""

    def authenticate(self, request, token):
        user = account_services.api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionTwoFactor(APIKeyHeader):
    """The signed-in browser session (with CSRF on unsafe methods); staff must have passed two factors."""

    param_name = "X-CSRFToken"
    openapi_type = "apiKey"

    def __call__(self, request):
        user = django_auth(request)
        if not user:
            return None
        if user.needs_two_factor and not user.is_verified():
            return None
        return user

    def authenticate(self, request, key):  # pragma: no cover - __call__ does the work
        return None


AUTH = [BearerToken(), SessionTwoFactor()]

api = NinjaAPI(
    title="Corridor node API",
    version="1",
    description="The API of one Corridor node. Errors are JSON: {\"error\": {\"code\", \"message\", \"fields\"}}.",
    urls_namespace="api",
    auth=AUTH,
    docs_url="/docs",
)


def _error(request, status: int, code: str, message: str, fields=None):
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    return api.create_response(request, body, status=status)


@api.exception_handler(CorridorError)
def corridor_error(request, exc: CorridorError):
    return _error(request, exc.status, exc.code, exc.message, {k: [str(m) for m in v] for k, v in exc.fields.items()} or None)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    fields = {}
    for error in exc.errors:
        location = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path"))
        fields.setdefault(location or "body", []).append(error.get("msg", "invalid"))
    return _error(request, 422, STATUS_CODES[422], "Some fields are not valid.", fields)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return _error(request, 401, STATUS_CODES[401], "Sign in, or send a valid API token.")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _error(request, exc.status_code, STATUS_CODES.get(exc.status_code, "core.error"), str(exc))


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, STATUS_CODES[404], "Not found.")


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("API error", exc_info=exc)
    return _error(request, 500, STATUS_CODES[500], "Something went wrong on the server. The error was logged.")


api.add_router("/", core_router)
api.add_router("/", accounts_router)
api.add_router("/", registry_router)
api.add_router("/", contracts_router)
api.add_router("/exchange", exchange_router)
api.add_router("/clearances", clearance_router)
api.add_router("/transfers", transfer_router)
api.add_router("/", cases_router)
api.add_router("/", welfare_router)
api.add_router("/", inspection_router)
api.add_router("/wages", wages_router)
api.add_router("/", reintegration_router)
api.add_router("/", indicators_router)
api.add_router("/", voice_router)
api.add_router("/guidance", guidance_router)
api.add_router("/standards", standards_router)
api.add_router("/orientation", orientation_router)


def refuse_unknown_query_parameters(run):
    """A query parameter that an operation does not declare is refused with 422, never silently dropped (a
    misspelt filter would otherwise answer the unfiltered list). Authentication is checked first."""
    operation = run.__self__
    known = set()
    for model in operation.signature.models:
        if getattr(model, "__ninja_param_source__", None) == "query":
            known |= set(getattr(model, "__ninja_flatten_map__", {}))

    @wraps(run)
    def checked(request, **kwargs):
        unknown = sorted(set(request.GET) - known)
        if unknown:
            return operation._run_checks(request) or _error(
                request, 422, STATUS_CODES[422], "Some fields are not valid.",
                {name: ["This parameter is not known here."] for name in unknown})
        return run(request, **kwargs)

    return checked


api.add_decorator(refuse_unknown_query_parameters, mode="view")

"""Public pages, the signed-in dashboard, the audit search, and operators' endpoints."""

from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from corridor.core import anchor, hotlines, node, notifications
from corridor.core import dashboard as dashboard_links
from corridor.core.errors import STATUS_CODES, CorridorError, NotFound, PermissionDenied
from corridor.core.forms import AuditSearchForm
from corridor.core.middleware import is_api, json_error
from corridor.core.permissions import has_perm
from corridor.core.selectors import audit_search


def require_perm(action: str):
    """Anonymous users are sent to sign in; signed-in users without the permission get 404, not 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_perm(request.user, action):
                raise Http404()
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404() from exc

        return wrapper

    return decorator


def choice_param(request, name: str, choices) -> str:
    """A list page's filter from the query string: the value if `choices` (a TextChoices class) has it, else ""."""
    value = request.GET.get(name, "")
    return value if value in choices.values else ""


def form_refusal(form, exc: CorridorError, *, hide_missing: bool = False, label=None) -> None:
    """Show a service's refusal on a page's form: its message on top, each problem at its field (on top, prefixed with
    `label(name)` when given, where the form has no such field). `hide_missing`: a record the user may not see (or act
    on) answers 404, so that the page does not reveal it exists."""
    if hide_missing and isinstance(exc, NotFound | PermissionDenied):
        raise Http404() from exc
    form.add_error(None, exc.message)
    for name, problems in exc.fields.items():
        for problem in problems:
            if name in form.fields:
                form.add_error(name, str(problem))
            else:
                form.add_error(None, f"{label(name)}: {problem}" if label else str(problem))


def form_submit(request, form, write, *, done: str | None, to, page, status=422, hide_missing: bool = False,
                refuse=None):
    """The shape every small write form shares: a valid form -> `write(form.cleaned_data)` (the service) -> the
    message `done` and a redirect to `to` (URL name and arguments, or a function of what `write` returned giving them);
    else `page(form)` (template and context) with the refusal on the form (`form_refusal`), answered with `status(form)`
    if `status` is a function, else with `status` when the form has errors and 200 when it is not filled in (a GET);
    `refuse(form, exc)` instead of `form_refusal` where an app shows refusals its own way."""
    if form.is_valid():
        try:
            result = write(form.cleaned_data)
        except CorridorError as exc:
            (refuse or partial(form_refusal, hide_missing=hide_missing))(form, exc)
        else:
            if done:
                messages.success(request, done)
            return redirect(*(to(result) if callable(to) else to))
    return render(request, *page(form), status=status(form) if callable(status) else status if form.errors else 200)


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@require_GET
def home(request):
    me = node.identity()
    context = {
        "hotlines": hotlines.for_country(me.country),
        "verify_recruiter_url": _url_or_none("registry:verify"),
        "check_contract_url": _url_or_none("contracts:check"),
        "job_board_url": _url_or_none("registry:job-board"),
        "complaint_url": _url_or_none("cases:complaint-new"),
        "follow_url": _url_or_none("cases:follow"),
        "verify_certificate_url": _url_or_none("clearance:verify"),
        "know_before_url": _url_or_none("guidance:index"),
    }
    return render(request, "core/home.html", context)


def dashboard(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {"role": request.user.role, "dashboard_items": dashboard_links.items_for(request.user),
               "unread_notifications": notifications.notification_unread_count(user=request.user)}
    return render(request, "core/dashboard.html", context)


@require_perm("audit.view")
def audit_list(request):
    form = AuditSearchForm(request.GET or None)
    entries = audit_search(user=request.user)
    if form.is_valid():
        entries = audit_search(user=request.user, **form.cleaned_data)
    page = Paginator(entries.select_related(None), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"form": form, "page": page})


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "unhealthy", "database": database}, status=status)


@require_GET
@cache_control(max_age=300, public=True)
def well_known_node(request):
    return JsonResponse(node.public_document())


@require_GET
@cache_control(max_age=60, public=True)
def well_known_audit_anchors(request):
    """This node's newest signed audit anchors, or (?issuer=CC) the ones it holds of a peer: for peers to cross-check."""

    issuer = str(request.GET.get("issuer", "")).strip().upper()
    if issuer and (len(issuer) != 2 or not issuer.isalpha()):
        return json_error(400, "bad_request", "issuer must be a two-letter country code.")
    return JsonResponse(anchor.published(issuer or None))


def error_404(request, exception=None):
    if is_api(request):
        return json_error(404, STATUS_CODES[404], "There is nothing at this address.")
    return render(request, "404.html", status=404)


def error_500(request):
    if is_api(request):
        return json_error(500, STATUS_CODES[500], "Something went wrong on the server. The error was logged.")
    return render(request, "500.html", status=500)


def error_403(request, exception=None):
    if is_api(request):
        return json_error(403, STATUS_CODES[403], "You do not have permission to do this.")
    return render(request, "403.html", status=403)


def error_400(request, exception=None):
    if is_api(request):
        return json_error(400, STATUS_CODES[400], "The request could not be understood.")
    return render(request, "400.html", status=400)


@require_http_methods(["GET", "POST"])
def notification_page(request, *, kind_prefix: str = "", title: str = ""):
    """The one notifications page (all of them, or one app's): rendered in the reader's language; POST marks read."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
        notifications.notification_mark_read(acting_user=request.user, notification_ids=ids)
        return redirect(request.path)
    items = notifications.notification_list(user=request.user, kind_prefix=kind_prefix)[:100]
    return render(request, "core/notifications.html", {"items": items, "title": title or _("Notifications")})

"""Pages for signing in with two factors, signing out, API tokens, and workers' records."""

import base64

import segno
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts import selectors, services
from corridor.accounts.errors import SignInLocked, TwoFactorFailed
from corridor.accounts.forms import ApiTokenForm, CodeForm, SignInForm, WorkerForm
from corridor.accounts.models import User
from corridor.accounts.permissions import has_perm
from corridor.core.errors import CorridorError
from corridor.core.views import require_perm

PENDING_USER = "corridor_pending_user"
PENDING_AT = "corridor_pending_at"
PENDING_NEXT = "corridor_pending_next"
PENDING_SECONDS = 300


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _remember_device(response, user) -> None:
    """This browser signed in fully: later failures of others against the account do not hold it back."""
    response.set_cookie(services.DEVICE_COOKIE, services.device_cookie_value(user.username), max_age=services.DEVICE_MAX_AGE,
                        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")


def sign_in(request):
    form = SignInForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        try:
            services.sign_in_check_allowed(username=username, request=request)
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                services.sign_in_record(username=username, succeeded=False, reason="bad_password", request=request)
                raise CorridorError(_("The username or password is not correct."))
        except SignInLocked as exc:
            form.add_error(None, exc.message)
            status = 429
        except CorridorError as exc:
            form.add_error(None, exc.message)
            status = 401
        else:
            next_url = _safe_next(request, reverse("core:dashboard"))
            if any(True for _d in devices_for_user(user, confirmed=True)):
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_AT] = timezone.now().timestamp()
                request.session[PENDING_NEXT] = next_url
                return redirect("accounts:two-factor-verify")
            login(request, user)
            services.sign_in_record(username=username, succeeded=True, reason="password", user=user)
            response = redirect(next_url if not user.needs_two_factor else reverse("accounts:two-factor-setup"))
            if not user.needs_two_factor:
                _remember_device(response, user)
            return response
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")}, status=status)


def two_factor_verify(request):
    user_id = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT, 0)
    if not user_id or timezone.now().timestamp() - started > PENDING_SECONDS:
        return redirect("accounts:sign-in")
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return redirect("accounts:sign-in")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_in_check_allowed(username=user.username, request=request)
            device = match_token(user, form.cleaned_data["code"].strip())
            if device is None:
                services.sign_in_record(username=user.username, succeeded=False, reason="bad_code", request=request)
                raise TwoFactorFailed()
        except (SignInLocked, TwoFactorFailed) as exc:
            form.add_error("code", exc.message)
            status = exc.status
        else:
            next_url = request.session.get(PENDING_NEXT) or reverse("core:dashboard")
            user.backend = "django.contrib.auth.backends.ModelBackend"
            login(request, user)
            otp_login(request, device)
            services.sign_in_record(username=user.username, succeeded=True, reason="two_factor", user=user)
            response = redirect(next_url)
            _remember_device(response, user)
            return response
    return render(request, "accounts/two_factor_verify.html", {"form": form}, status=status)


@login_required
def two_factor_setup(request):
    user = request.user
    if user.is_verified():
        return redirect("core:dashboard")
    device = None
    device_id = request.session.get("corridor_enrol_device")
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = services.totp_device_start(acting_user=user)
        request.session["corridor_enrol_device"] = device.pk
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(acting_user=user, device=device, token=form.cleaned_data["code"])
        except TwoFactorFailed as exc:
            form.add_error("code", exc.message)
            status = 400
        else:
            otp_login(request, device)
            request.session.pop("corridor_enrol_device", None)
            return render(request, "accounts/backup_codes.html", {"codes": codes})
    qr = segno.make(device.config_url, error="m")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {"form": form, "qr": qr.svg_data_uri(scale=4), "secret": secret}
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@require_POST
def sign_out(request):
    logout(request)
    return redirect("core:home")


@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = services.api_token_create(acting_user=request.user, **form.cleaned_data)
        except CorridorError as exc:
            form.add_error(None, exc.message)
    tokens = request.user.api_tokens.all()[:50]
    return render(request, "accounts/api_tokens.html", {"form": form, "created": created, "tokens": tokens})


@require_perm("worker.view")
def worker_list(request):
    query = request.GET.get("q", "")[:100]
    passport = request.GET.get("passport", "")[:40]
    workers = selectors.worker_list(user=request.user, query=query, passport=passport)[:100]
    context = {"workers": workers, "q": query, "passport": passport, "can_create": has_perm(request.user, "worker.create")}
    return render(request, "accounts/worker_list.html", context)


@require_perm("worker.view")
def worker_detail(request, worker_id: int):
    worker = selectors.worker_get(user=request.user, worker_id=worker_id)
    return render(request, "accounts/worker_detail.html", {"worker": worker, "show_identity": has_perm(request.user, "worker.view_identity")})


@require_perm("worker.create")
def worker_create(request):
    form = WorkerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["nationality"] = data["nationality"].code
            data["languages"] = [language.code for language in data["languages"]]
            try:
                worker = services.worker_create(acting_user=request.user, **data)
            except CorridorError as exc:
                for field, messages in exc.fields.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
                if not exc.fields:
                    form.add_error(None, exc.message)
            else:
                return redirect("accounts:worker-detail", worker_id=worker.pk)
        status = 422
    return render(request, "accounts/worker_form.html", {"form": form}, status=status)
